namespace CellDetect.Core.Imaging;

/// <summary>
/// The normalisation shared by training and inference: per channel, the low and high percentiles of
/// the image map to 0 and 1. Percentiles rather than min/max so that a few hot pixels or a dust speck
/// do not squash the range; a floor on the range (a fraction of the sample type's nominal maximum)
/// keeps nearly empty channels from blowing noise up to full contrast.
/// </summary>
public sealed record PercentileNormalization(double LowPercentile = 1.0, double HighPercentile = 99.8, double MinimumRangeFraction = 0.02)
{
    /// <summary>At most this many samples per channel are sorted to estimate the percentiles.</summary>
    private const int MaxSamplesForEstimate = 1 << 20;

    public ChannelRange[] Measure(PlanarImage image)
    {
        var ranges = new ChannelRange[image.Channels];
        var floor = (float)(MinimumRangeFraction * image.Sample.NominalMaximum);
        for (int c = 0; c < image.Channels; c++)
        {
            var plane = image.Plane(c);
            var step = Math.Max(1, plane.Length / MaxSamplesForEstimate);
            var samples = new float[(plane.Length + step - 1) / step];
            for (int i = 0, k = 0; i < plane.Length; i += step, k++)
            {
                samples[k] = plane[i];
            }
            Array.Sort(samples);
            var low = At(samples, LowPercentile);
            var high = At(samples, HighPercentile);
            ranges[c] = new ChannelRange(low, Math.Max(high - low, floor));
        }
        return ranges;
    }

    /// <summary>Returns a new image whose channels are mapped with <paramref name="ranges"/>.</summary>
    public static PlanarImage Apply(PlanarImage image, IReadOnlyList<ChannelRange> ranges)
    {
        if (ranges.Count != image.Channels)
        {
            throw new ArgumentException($"Got {ranges.Count} channel ranges for an image with {image.Channels} channels.", nameof(ranges));
        }
        var result = new PlanarImage(image.Width, image.Height, image.Channels, SampleDescription.Float32, image.PixelSize);
        for (int c = 0; c < image.Channels; c++)
        {
            var source = image.Plane(c);
            var target = result.Plane(c);
            var (offset, scale) = (ranges[c].Low, 1f / ranges[c].Range);
            for (int i = 0; i < source.Length; i++)
            {
                target[i] = (source[i] - offset) * scale;
            }
        }
        return result;
    }

    public PlanarImage Normalize(PlanarImage image) => Apply(image, Measure(image));

    private static float At(float[] sorted, double percentile)
    {
        var position = percentile / 100.0 * (sorted.Length - 1);
        var below = (int)Math.Floor(position);
        var above = Math.Min(below + 1, sorted.Length - 1);
        var t = (float)(position - below);
        return sorted[below] + (sorted[above] - sorted[below]) * t;
    }
}

/// <summary>The value mapped to 0 and the span mapped to 1 for one channel.</summary>
public readonly record struct ChannelRange(float Low, float Range);
