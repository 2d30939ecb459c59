namespace CellDetect.Model.Files;

/// <summary>The number format the network runs in; maps and scores are always float32.</summary>
public enum InferencePrecision
{
    Float32,

    /// <summary>About 1.7x faster on CPUs with AVX512-BF16; differences in the map of about 1e-3.</summary>
    BFloat16,
}
