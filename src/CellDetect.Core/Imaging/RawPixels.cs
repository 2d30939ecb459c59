using System.Runtime.InteropServices;

namespace CellDetect.Core.Imaging;

/// <summary>The sample types a host may send as raw pixels.</summary>
public enum RawPixelType
{
    /// <summary>Unsigned 8-bit.</summary>
    U8,

    /// <summary>Unsigned 16-bit, little-endian.</summary>
    U16,

    /// <summary>IEEE float32, little-endian.</summary>
    F32,
}

/// <summary>How the channels of raw pixels are ordered.</summary>
public enum RawPixelLayout
{
    /// <summary>Per pixel all channels (RGBRGB...), as cameras and most viewers hold colour images.</summary>
    Interleaved,

    /// <summary>Channel after channel, each a full row-major plane.</summary>
    Planar,
}

/// <summary>
/// Pixels handed over in memory (by a host through the service, or by a script): row-major samples
/// of one type and layout. <see cref="ToPlanarImage"/> checks that the byte count matches the stated
/// shape before reading anything.
/// </summary>
public sealed record RawPixels(RawPixelType Type, int Width, int Height, int Channels, RawPixelLayout Layout, ReadOnlyMemory<byte> Bytes, PixelSize? PixelSize = null)
{
    public const int MaxChannels = 4;

    public static int BytesPerSample(RawPixelType type) => type switch
    {
        RawPixelType.U8 => 1,
        RawPixelType.U16 => 2,
        _ => 4,
    };

    /// <summary>Width x height x channels x bytes per sample, or -1 when the shape itself is invalid.</summary>
    public static long ExpectedLength(RawPixelType type, int width, int height, int channels) =>
        width <= 0 || height <= 0 || channels is < 1 or > MaxChannels ? -1 : (long)width * height * channels * BytesPerSample(type);

    public PlanarImage ToPlanarImage()
    {
        if (Width <= 0 || Height <= 0)
        {
            throw new ArgumentException($"Raw pixels need a positive width and height, got {Width}x{Height}.");
        }
        if (Channels is < 1 or > MaxChannels)
        {
            throw new ArgumentException($"Raw pixels have 1 to {MaxChannels} channels, got {Channels}.");
        }
        var expected = ExpectedLength(Type, Width, Height, Channels);
        if (Bytes.Length != expected)
        {
            throw new RawPixelSizeException(expected, Bytes.Length, this);
        }
        var image = new PlanarImage(Width, Height, Channels, Type switch
        {
            RawPixelType.U8 => SampleDescription.UInt8,
            RawPixelType.U16 => SampleDescription.UInt16,
            _ => SampleDescription.Float32,
        }, PixelSize);
        switch (Type)
        {
            case RawPixelType.U8:
                Scatter(Bytes.Span, image);
                break;
            case RawPixelType.U16:
                Scatter(LittleEndian<ushort>(), image);
                break;
            default:
                Scatter(LittleEndian<float>(), image);
                break;
        }
        return image;
    }

    /// <summary>The samples as T; hosts send little-endian, which is every platform .NET runs on here.</summary>
    private ReadOnlySpan<T> LittleEndian<T>() where T : struct =>
        BitConverter.IsLittleEndian ? MemoryMarshal.Cast<byte, T>(Bytes.Span) : throw new PlatformNotSupportedException("Raw pixels are little-endian; this machine is big-endian.");

    /// <summary>Copies samples into the image's planes: whole planes when planar, one pixel's channels at a time when interleaved.</summary>
    private void Scatter<T>(ReadOnlySpan<T> samples, PlanarImage image) where T : struct
    {
        var planeLength = image.PlaneLength;
        for (int c = 0; c < Channels; c++)
        {
            var plane = image.Plane(c);
            if (Layout == RawPixelLayout.Planar)
            {
                var source = samples.Slice(c * planeLength, planeLength);
                for (int p = 0; p < planeLength; p++)
                {
                    plane[p] = ToFloat(source[p]);
                }
            }
            else
            {
                for (int p = 0, i = c; p < planeLength; p++, i += Channels)
                {
                    plane[p] = ToFloat(samples[i]);
                }
            }
        }
    }

    private static float ToFloat<T>(T sample) where T : struct => sample switch
    {
        byte b => b,
        ushort u => u,
        float f => f,
        _ => throw new NotSupportedException(typeof(T).Name),
    };
}

/// <summary>The byte count of raw pixels does not match width x height x channels x bytes per sample.</summary>
public sealed class RawPixelSizeException(long expected, long actual, RawPixels pixels)
    : ArgumentException($"The pixels are {actual} bytes; {pixels.Width}x{pixels.Height}x{pixels.Channels} {pixels.Type.ToString().ToLowerInvariant()} needs {expected}.")
{
    public long Expected { get; } = expected;

    public long Actual { get; } = actual;
}
