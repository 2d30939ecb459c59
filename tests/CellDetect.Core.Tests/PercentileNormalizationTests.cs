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
}
