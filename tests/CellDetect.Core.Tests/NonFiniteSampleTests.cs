using CellDetect.Core.Detection;
using CellDetect.Core.Imaging;

namespace CellDetect.Core.Tests;

/// <summary>NaN and infinite samples are counted, masked as background by normalisation, and never peaks.</summary>
public sealed class NonFiniteSampleTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(64)]
    [InlineData(1001)]
    public void CountsNaNAndBothInfinitiesAtAnyLength(int length)
    {
        var samples = new float[length];
        var random = new Random(length);
        var expected = 0;
        for (int i = 0; i < length; i++)
        {
            samples[i] = (i % 5) switch
            {
                0 => float.NaN,
                1 => float.PositiveInfinity,
                2 => float.NegativeInfinity,
                3 => float.MaxValue,
                _ => float.Epsilon * random.Next(-3, 3),
            };
            expected += i % 5 < 3 ? 1 : 0;
        }
        Assert.Equal(expected, NonFiniteSamples.Count(samples));
    }

    [Fact]
    public void ImageCountCoversEveryChannel()
    {
        var image = new PlanarImage(9, 5, 3, SampleDescription.Float32);
        image[0, 0, 0] = float.NaN;
        image[2, 4, 8] = float.NegativeInfinity;
        image[1, 2, 3] = -0f;
        Assert.Equal(2, image.CountNonFinite());
    }

    [Fact]
    public void NonFiniteSamplesTakeNoPartInTheRangesAndBecomeZero()
    {
        var clean = Enumerable.Range(0, 1000).Select(i => (float)i).ToArray();
        var dirty = clean.ToArray();
        dirty[10] = float.NaN;
        dirty[500] = float.PositiveInfinity;
        dirty[999] = float.NegativeInfinity;
        var normalization = new PercentileNormalization(1, 99);
        var finite = clean.Where((_, i) => i is not (10 or 500 or 999)).ToArray();
        var expected = normalization.Measure(new PlanarImage(finite.Length, 1, 1, finite, SampleDescription.Float32));
        Assert.Equal(expected, normalization.Measure(new PlanarImage(1000, 1, 1, dirty, SampleDescription.Float32)));

        var normalized = normalization.Normalize(new PlanarImage(1000, 1, 1, dirty, SampleDescription.Float32));
        Assert.Equal((0f, 0f, 0f), (normalized[0, 0, 10], normalized[0, 0, 500], normalized[0, 0, 999]));
        Assert.Equal(0, normalized.CountNonFinite());
        Assert.InRange(normalized[0, 0, 400], 0.3f, 0.5f);
    }

    [Fact]
    public void IntegerHistogramStillCountsTheFiniteSamples()
    {
        // uint16 samples with one NaN: the histogram path must see only the integers.
        var pixels = Enumerable.Range(0, 4096).Select(i => (float)(i % 1000)).ToArray();
        var reference = new PercentileNormalization().Measure(new PlanarImage(64, 64, 1, pixels.ToArray(), SampleDescription.UInt16))[0];
        pixels[0] = float.NaN;
        var range = new PercentileNormalization().Measure(new PlanarImage(64, 64, 1, pixels, SampleDescription.UInt16))[0];
        Assert.Equal(reference.Low, range.Low, 0.5f);
        Assert.Equal(reference.Range, range.Range, 1f);
    }

    [Fact]
    public void AllNonFiniteImageNormalisesToZeros()
    {
        var pixels = new float[64 * 64 * 2];
        Array.Fill(pixels, float.NaN);
        pixels[7] = float.PositiveInfinity;
        var normalized = new PercentileNormalization().Normalize(new PlanarImage(64, 64, 2, pixels, SampleDescription.Float32));
        Assert.All(normalized.Pixels, value => Assert.Equal(0f, value));
    }

    [Fact]
    public void ConstantChannelWithoutARangeFloorNormalisesToZerosNotNaN()
    {
        var pixels = Enumerable.Repeat(0.25f, 100).ToArray();
        var normalized = new PercentileNormalization(MinimumRangeFraction: 0).Normalize(new PlanarImage(10, 10, 1, pixels, SampleDescription.Float32));
        Assert.All(normalized.Pixels, value => Assert.Equal(0f, value));
    }

    [Fact]
    public void PreparedRegionsMaskNonFiniteSamplesWhateverTheTile()
    {
        var image = new PlanarImage(40, 30, 3, Enumerable.Range(0, 40 * 30 * 3).Select(i => (float)(i % 200)).ToArray(), SampleDescription.UInt8);
        for (int x = 0; x < 40; x++)
        {
            image[1, 12, x] = float.NaN;
        }
        image[0, 3, 4] = float.PositiveInfinity;
        var source = new InMemoryRegionSource(image);
        var ranges = PreparedRegionSource.MeasureRanges(source, ChannelMapping.Gray, new PercentileNormalization());
        Assert.True(float.IsFinite(ranges[0].Low) && float.IsFinite(ranges[0].Range) && ranges[0].Range > 0);
        var prepared = new PreparedRegionSource(source, ChannelMapping.Gray, ranges);
        var tile = prepared.ReadRegion(new PixelRegion(2, 2, 20, 20));
        Assert.Equal(0, tile.CountNonFinite());
        Assert.Equal(0f, tile[0, 10, 5]); // row 12: the grey mean of a NaN channel is NaN, then background
        Assert.Equal(0f, tile[0, 1, 2]);  // (4, 3): infinity in one channel
    }

    [Fact]
    public void NonFiniteMapValuesAreNeverPeaks()
    {
        // The bug this guards: a NaN map gave a "cell" at every 3rd pixel (NaN <= threshold is false).
        var map = new float[512 * 512];
        Array.Fill(map, float.NaN);
        Assert.Empty(new PeakFinder(2).Find(map, 512, 512, 0.3f));

        var mixed = new float[9 * 9];
        mixed[2 * 9 + 2] = float.PositiveInfinity;
        mixed[6 * 9 + 6] = 0.9f;
        mixed[6 * 9 + 5] = float.NaN;
        var peaks = new PeakFinder(1).Find(mixed, 9, 9, 0.3f);
        Assert.Equal(new[] { (6.0, 0.9f) }, peaks.Select(p => (Math.Round(p.Y), (float)p.Score)));
        Assert.All(peaks, p => Assert.True(double.IsFinite(p.X) && double.IsFinite(p.Y)));
    }

    [Theory]
    [InlineData(float.NaN)]
    [InlineData(float.PositiveInfinity)]
    [InlineData(float.NegativeInfinity)]
    public void NonFiniteThresholdIsRefused(float threshold)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new PeakFinder().Find(new float[16], 4, 4, threshold));
        Assert.Equal("threshold", error.ParamName);
    }
}
