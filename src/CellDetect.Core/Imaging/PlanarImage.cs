namespace CellDetect.Core.Imaging;

/// <summary>
/// The one image type behind the file formats: channel-major float32 planes, plus what the file said
/// about the original samples and the physical pixel size. Values keep the original sample scale
/// (a 16-bit image holds 0..65535); <see cref="PercentileNormalization"/> maps them for the model.
/// </summary>
public sealed class PlanarImage
{
    public PlanarImage(int width, int height, int channels, float[] pixels, SampleDescription sample, PixelSize? pixelSize = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(channels);
        if (pixels.Length != (long)width * height * channels)
        {
            throw new ArgumentException($"Expected {(long)width * height * channels} samples for {width}x{height}x{channels}, got {pixels.Length}.", nameof(pixels));
        }
        Width = width;
        Height = height;
        Channels = channels;
        Pixels = pixels;
        Sample = sample;
        PixelSize = pixelSize;
    }

    public PlanarImage(int width, int height, int channels, SampleDescription sample, PixelSize? pixelSize = null)
        : this(width, height, channels, new float[(long)width * height * channels], sample, pixelSize)
    {
    }

    public int Width { get; }

    public int Height { get; }

    public int Channels { get; }

    /// <summary>All planes, one after another: index = (c * Height + y) * Width + x.</summary>
    public float[] Pixels { get; }

    public SampleDescription Sample { get; }

    public PixelSize? PixelSize { get; }

    public int PlaneLength => Width * Height;

    public Span<float> Plane(int channel) => Pixels.AsSpan(channel * PlaneLength, PlaneLength);

    public float this[int channel, int y, int x]
    {
        get => Pixels[(channel * Height + y) * Width + x];
        set => Pixels[(channel * Height + y) * Width + x] = value;
    }

    /// <summary>
    /// Samples (all channels) that are NaN or infinite; <see cref="PercentileNormalization"/> treats them as
    /// background, so front ends call this to warn how many there were.
    /// </summary>
    public long CountNonFinite() => NonFiniteSamples.Count(Pixels);

    public PlanarImage WithPixelSize(PixelSize? pixelSize) => new(Width, Height, Channels, Pixels, Sample, pixelSize);
}
