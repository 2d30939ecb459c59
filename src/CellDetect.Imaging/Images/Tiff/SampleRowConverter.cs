using System.Runtime.InteropServices;
using CellDetect.Core.Imaging;

namespace CellDetect.Imaging.Images.Tiff;

/// <summary>
/// Turns a run of decoded TIFF samples (host byte order, as LibTiff hands them over) into floats at the
/// original scale. One switch per run, then a tight typed loop: no per-pixel dispatch.
/// </summary>
internal static class SampleRowConverter
{
    /// <summary>
    /// Copies <paramref name="count"/> samples starting at sample index <paramref name="first"/> and taking
    /// every <paramref name="stride"/>-th one (the samples-per-pixel of chunky data) into <paramref name="target"/>.
    /// </summary>
    public static void Convert(ReadOnlySpan<byte> source, int first, int stride, int count, int bits, SampleFormat format, Span<float> target)
    {
        target = target[..count];
        switch (bits, format)
        {
            case (8, SampleFormat.SignedInteger):
                Copy(MemoryMarshal.Cast<byte, sbyte>(source), first, stride, target);
                break;
            case (8, _):
                Copy(source, first, stride, target);
                break;
            case (16, SampleFormat.SignedInteger):
                Copy(MemoryMarshal.Cast<byte, short>(source), first, stride, target);
                break;
            case (16, _):
                Copy(MemoryMarshal.Cast<byte, ushort>(source), first, stride, target);
                break;
            case (32, SampleFormat.Float):
                Copy(MemoryMarshal.Cast<byte, float>(source), first, stride, target);
                break;
            case (32, SampleFormat.SignedInteger):
                Copy(MemoryMarshal.Cast<byte, int>(source), first, stride, target);
                break;
            case (32, _):
                Copy(MemoryMarshal.Cast<byte, uint>(source), first, stride, target);
                break;
            case (64, SampleFormat.Float):
                Copy(MemoryMarshal.Cast<byte, double>(source), first, stride, target);
                break;
            default:
                throw new NotSupportedException($"{bits}-bit {format} samples are not supported.");
        }
    }

    /// <summary>Replaces v with <paramref name="maximum"/> - v (min-is-white data).</summary>
    public static void Invert(Span<float> values, float maximum)
    {
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = maximum - values[i];
        }
    }

    private static void Copy(ReadOnlySpan<byte> source, int first, int stride, Span<float> target)
    {
        if (stride == 1)
        {
            var run = source.Slice(first, target.Length);
            for (int i = 0; i < target.Length; i++)
            {
                target[i] = run[i];
            }
            return;
        }
        for (int i = 0, s = first; i < target.Length; i++, s += stride)
        {
            target[i] = source[s];
        }
    }

    private static void Copy(ReadOnlySpan<sbyte> source, int first, int stride, Span<float> target)
    {
        for (int i = 0, s = first; i < target.Length; i++, s += stride)
        {
            target[i] = source[s];
        }
    }

    private static void Copy(ReadOnlySpan<ushort> source, int first, int stride, Span<float> target)
    {
        for (int i = 0, s = first; i < target.Length; i++, s += stride)
        {
            target[i] = source[s];
        }
    }

    private static void Copy(ReadOnlySpan<short> source, int first, int stride, Span<float> target)
    {
        for (int i = 0, s = first; i < target.Length; i++, s += stride)
        {
            target[i] = source[s];
        }
    }

    private static void Copy(ReadOnlySpan<uint> source, int first, int stride, Span<float> target)
    {
        for (int i = 0, s = first; i < target.Length; i++, s += stride)
        {
            target[i] = source[s];
        }
    }

    private static void Copy(ReadOnlySpan<int> source, int first, int stride, Span<float> target)
    {
        for (int i = 0, s = first; i < target.Length; i++, s += stride)
        {
            target[i] = source[s];
        }
    }

    private static void Copy(ReadOnlySpan<float> source, int first, int stride, Span<float> target)
    {
        if (stride == 1)
        {
            source.Slice(first, target.Length).CopyTo(target);
            return;
        }
        for (int i = 0, s = first; i < target.Length; i++, s += stride)
        {
            target[i] = source[s];
        }
    }

    private static void Copy(ReadOnlySpan<double> source, int first, int stride, Span<float> target)
    {
        for (int i = 0, s = first; i < target.Length; i++, s += stride)
        {
            target[i] = (float)source[s];
        }
    }
}
