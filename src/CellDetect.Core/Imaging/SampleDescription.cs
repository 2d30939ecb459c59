namespace CellDetect.Core.Imaging;

public enum SampleFormat
{
    UnsignedInteger,
    SignedInteger,
    Float,
}

/// <summary>How the samples were stored in the file the image came from.</summary>
public readonly record struct SampleDescription(int BitsPerSample, SampleFormat Format)
{
    public static SampleDescription UInt8 => new(8, SampleFormat.UnsignedInteger);

    public static SampleDescription UInt16 => new(16, SampleFormat.UnsignedInteger);

    public static SampleDescription Float32 => new(32, SampleFormat.Float);

    /// <summary>The largest value an integer sample can hold, or 1 for floating point.</summary>
    public double NominalMaximum => Format == SampleFormat.Float ? 1.0 : Math.Pow(2, BitsPerSample) - 1;
}
