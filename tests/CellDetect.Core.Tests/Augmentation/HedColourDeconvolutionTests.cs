using CellDetect.Core.Augmentation;

namespace CellDetect.Core.Tests.Augmentation;

public sealed class HedColourDeconvolutionTests
{
    [Fact]
    public void RgbToStainsAndBackIsTheIdentity()
    {
        var random = new Random(5);
        for (int i = 0; i < 1000; i++)
        {
            var (r, g, b) = (random.Uniform(0.002, 1.5), random.Uniform(0.002, 1.5), random.Uniform(0.002, 1.5));
            var (h, e, d) = HedColourDeconvolution.ToStains(r, g, b);
            var back = HedColourDeconvolution.ToRgb(h, e, d);
            Assert.Equal(r, back.Red, 9);
            Assert.Equal(g, back.Green, 9);
            Assert.Equal(b, back.Blue, 9);
        }
    }

    [Fact]
    public void APureStainDeconvolvesToThatStainAlone()
    {
        var haematoxylin = HedColourDeconvolution.ToRgb(0.8, 0, 0);
        var stains = HedColourDeconvolution.ToStains(haematoxylin.Red, haematoxylin.Green, haematoxylin.Blue);
        Assert.Equal((0.8, 0.0, 0.0), (Math.Round(stains.H, 9), Math.Round(stains.E, 9) + 0.0, Math.Round(stains.D, 9) + 0.0));
        // Haematoxylin absorbs red and green most: nuclei look blue-purple.
        Assert.True(haematoxylin.Blue > haematoxylin.Red && haematoxylin.Blue > haematoxylin.Green);
        Assert.Equal((0.0, 0.0, 0.0), HedColourDeconvolution.ToStains(1, 1, 1));
    }

    [Fact]
    public void IntensitiesBelowTheFloorAreClipped()
    {
        Assert.Equal(HedColourDeconvolution.ToStains(HedColourDeconvolution.Floor, 0.5, 0.5), HedColourDeconvolution.ToStains(0, 0.5, 0.5));
        Assert.Equal(HedColourDeconvolution.ToStains(HedColourDeconvolution.Floor, 0.5, 0.5), HedColourDeconvolution.ToStains(-3, 0.5, 0.5));
    }
}

internal static class TestDraws
{
    public static double Uniform(this Random random, double low, double high) => low + (high - low) * random.NextDouble();

    public static float[] Noise(int length, int seed, double low = 0, double high = 1)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, length).Select(_ => (float)random.Uniform(low, high)).ToArray();
    }
}
