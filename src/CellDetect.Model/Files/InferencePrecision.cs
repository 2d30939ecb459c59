using static TorchSharp.torch;

namespace CellDetect.Model.Files;

/// <summary>The number format the network runs in; maps and scores are always float32.</summary>
public enum InferencePrecision
{
    Float32,

    /// <summary>About 1.9x faster than float32 on CPUs with AVX512-BF16; differences in the map of about 1e-3.</summary>
    BFloat16,

    /// <summary>IEEE half precision, for GPUs without bfloat16; CPUs emulate it.</summary>
    Float16,
}

public static class InferencePrecisionNames
{
    /// <summary>The name used by --precision and in reports.</summary>
    public static string OptionName(this InferencePrecision precision) => precision switch
    {
        InferencePrecision.BFloat16 => "bfloat16",
        InferencePrecision.Float16 => "float16",
        _ => "float32",
    };

    public static ScalarType ScalarType(this InferencePrecision precision) => precision switch
    {
        InferencePrecision.BFloat16 => TorchSharp.torch.ScalarType.BFloat16,
        InferencePrecision.Float16 => TorchSharp.torch.ScalarType.Float16,
        _ => TorchSharp.torch.ScalarType.Float32,
    };
}
