using CellDetect.Core.Imaging;

namespace CellDetect.Core.Tests;

public sealed class PercentileNormalizationTests
{
    [Fact]
    public void MapsLowAndHighPercentilesToZeroAndOne()
    {
        var pixels = Enumerable.Range(0, 1001).Select(i => (float)i).ToArray();
        var image = new PlanarImage(1001, 1, 1, pixels, SampleDescription.Float32);
        var normalized = new PercentileNormalization(1, 99).Normalize(image);
        Assert.Equal(0f, normalized[0, 0, 10], 4);
        Assert.Equal(1f, normalized[0, 0, 990], 4);
    }

    [Fact]
    public void NearlyEmptyChannelIsNotStretchedToFullContrast()
    {
        var pixels = new float[100 * 100];
        pixels[5] = 2;
        var image = new PlanarImage(100, 100, 1, pixels, SampleDescription.UInt8);
        var normalized = new PercentileNormalization().Normalize(image);
        Assert.True(normalized[0, 0, 5] < 1f, "a 2/255 speck must stay far below full scale");
    }

    [Theory]
    [InlineData(8, 0.0, 100.0)]
    [InlineData(8, 1.0, 99.8)]
    [InlineData(16, 0.5, 99.5)]
    public void IntegerSamplesGiveTheSameRangesAsSortingThem(int bits, double low, double high)
    {
        var random = new Random(bits);
        var maximum = (1 << bits) - 1;
        var pixels = Enumerable.Range(0, 317 * 211 * 2).Select(_ => (float)Math.Min(maximum, (int)(Math.Pow(random.NextDouble(), 3) * maximum))).ToArray();
        var normalization = new PercentileNormalization(low, high);
        var counted = normalization.Measure(new PlanarImage(317, 211, 2, pixels, new SampleDescription(bits, SampleFormat.UnsignedInteger)));
        var sorted = normalization.Measure(new PlanarImage(317, 211, 2, pixels.ToArray(), SampleDescription.Float32));
        for (int c = 0; c < 2; c++)
        {
            Assert.Equal(sorted[c].Low, counted[c].Low);
            Assert.Equal(Math.Max(sorted[c].Range, (float)(0.02 * maximum)), counted[c].Range);
        }
    }

    /// <summary>A nearly flat 16-bit image's range is the floor: a fraction of the maximum of the bit depth its samples use.</summary>
    [Theory]
    [InlineData(255, 255)]      // an 8-bit image saved as 16-bit
    [InlineData(4000, 4095)]    // a 12-bit camera's frame
    [InlineData(60000, 65535)]  // the whole 16-bit range
    public void TheFloorFollowsTheBitDepthTheSamplesUse(int largest, int depthMaximum)
    {
        var pixels = new float[100 * 100];
        pixels[0] = largest;
        var range = new PercentileNormalization().Measure(new PlanarImage(100, 100, 1, pixels, new SampleDescription(16, SampleFormat.UnsignedInteger)))[0];
        Assert.Equal((float)(0.02 * depthMaximum), range.Range, 3);
    }

    [Fact]
    public void AnEightBitImageNormalisesTheSameSavedAsSixteenBit()
    {
        var random = new Random(4);
        var pixels = Enumerable.Range(0, 64 * 48).Select(_ => (float)random.Next(12, 90)).ToArray();
        var eight = new PercentileNormalization().Normalize(new PlanarImage(64, 48, 1, pixels, SampleDescription.UInt8));
        var sixteen = new PercentileNormalization().Normalize(new PlanarImage(64, 48, 1, pixels.ToArray(), new SampleDescription(16, SampleFormat.UnsignedInteger)));
        Assert.Equal(eight.Pixels.ToArray(), sixteen.Pixels.ToArray());
    }

    [Fact]
    public void NonIntegralValuesInAnIntegerImageFallBackToSorting()
    {
        var pixels = Enumerable.Range(0, 1001).Select(i => i / 4f).ToArray();
        var image = new PlanarImage(1001, 1, 1, pixels, SampleDescription.UInt8);
        var range = new PercentileNormalization(10, 90).Measure(image)[0];
        Assert.Equal(25f, range.Low, 4);
        Assert.Equal(200f, range.Range, 4);
    }

    [Theory]
    [InlineData(-1, 99.8, 0.02, "LowPercentile")]
    [InlineData(50, 50, 0.02, "HighPercentile")]
    [InlineData(1, 101, 0.02, "HighPercentile")]
    [InlineData(double.NaN, 99.8, 0.02, "LowPercentile")]
    [InlineData(1, 99.8, -0.5, "MinimumRangeFraction")]
    [InlineData(1, 99.8, double.PositiveInfinity, "MinimumRangeFraction")]
    public void ValidateNamesTheSettingThatCannotWork(double low, double high, double floor, string setting)
    {
        var error = Assert.Throws<ArgumentException>(() => new PercentileNormalization(low, high, floor).Validate());
        Assert.Contains(setting, error.Message);
        new PercentileNormalization().Validate();
    }
}
