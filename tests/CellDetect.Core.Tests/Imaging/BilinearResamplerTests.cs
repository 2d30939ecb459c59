using CellDetect.Core.Imaging;

namespace CellDetect.Core.Tests.Imaging;

public sealed class BilinearResamplerTests
{
    [Fact]
    public void HalvingAveragesEachTwoByTwoBlock()
    {
        var image = new PlanarImage(4, 2, 1, [1, 3, 10, 20, 5, 7, 30, 40], SampleDescription.Float32);
        var half = BilinearResampler.Resize(image, 2, 1, null);
        Assert.Equal(new[] { 4f, 25f }, half.Pixels);
    }

    [Fact]
    public void ShrinkingANoisyImageKeepsItsMean()
    {
        var random = new Random(2);
        var image = new PlanarImage(90, 60, 2, Enumerable.Range(0, 90 * 60 * 2).Select(_ => (float)random.NextDouble()).ToArray(), SampleDescription.Float32);
        var small = BilinearResampler.Resize(image, 37, 23, null);
        for (int c = 0; c < 2; c++)
        {
            Assert.Equal(Mean(image.Plane(c)), Mean(small.Plane(c)), 2);
        }
    }

    [Fact]
    public void EnlargingInterpolatesBetweenPixelCentres()
    {
        var image = new PlanarImage(2, 1, 1, [0, 8], SampleDescription.Float32);
        var large = BilinearResampler.Resize(image, 4, 1, null);
        // Output centres sit at input -0.25, 0.25, 0.75, 1.25 (clamped to the edge pixels).
        Assert.Equal(new[] { 0f, 2f, 6f, 8f }, large.Pixels);
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(1.7)]
    public void CoordinatesMapBackAndForth(double scale)
    {
        Assert.Equal(12.3, BilinearResampler.ToOriginal(BilinearResampler.ToResized(12.3, scale), scale), 9);
        Assert.Equal(-0.5, BilinearResampler.ToResized(-0.5, scale), 9);
    }

    private static double Mean(ReadOnlySpan<float> values)
    {
        double sum = 0;
        foreach (var v in values)
        {
            sum += v;
        }
        return sum / values.Length;
    }
}
