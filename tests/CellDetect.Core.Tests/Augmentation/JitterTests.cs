using CellDetect.Core.Augmentation;

namespace CellDetect.Core.Tests.Augmentation;

/// <summary>Stain, intensity, blur and noise: their draws stay in their documented ranges, the neutral draw changes nothing, and a seed reproduces them.</summary>
public sealed class JitterTests
{
    private const int Draws = 2000;

    [Fact]
    public void StainDrawsStayInRange()
    {
        var random = new Random(1);
        for (int i = 0; i < Draws; i++)
        {
            var jitter = StainJitter.Draw(random);
            Assert.All(new[] { jitter.ScaleH, jitter.ScaleE, jitter.ScaleD }, s => Assert.InRange(s, 1 - StainJitter.MaxScaleChange, 1 + StainJitter.MaxScaleChange));
            Assert.All(new[] { jitter.ShiftH, jitter.ShiftE, jitter.ShiftD }, s => Assert.InRange(s, -StainJitter.MaxShift, StainJitter.MaxShift));
        }
    }

    [Fact]
    public void NeutralStainJitterKeepsTheImageAndARealOneMovesColoursOnly()
    {
        var planes = TestDraws.Noise(3 * 64, seed: 2, low: 0.05, high: 1);
        var kept = planes.ToArray();
        new StainJitter(1, 1, 1, 0, 0, 0).Apply(kept, 64);
        for (int i = 0; i < planes.Length; i++)
        {
            Assert.Equal(planes[i], kept[i], 5);
        }
        var moved = planes.ToArray();
        new StainJitter(1.05, 0.95, 1, 0.02, -0.03, 0).Apply(moved, 64);
        Assert.Contains(Enumerable.Range(0, planes.Length), i => Math.Abs(planes[i] - moved[i]) > 1e-3);
        // More haematoxylin (which absorbs in all three channels) darkens every sample.
        var darker = planes.ToArray();
        new StainJitter(1, 1, 1, 0.05, 0, 0).Apply(darker, 64);
        Assert.All(Enumerable.Range(0, planes.Length), i => Assert.True(darker[i] < planes[i]));
    }

    [Fact]
    public void StainJitterRefusesAnImageThatIsNotRgb()
    {
        Assert.Throws<ArgumentException>(() => new StainJitter(1, 1, 1, 0, 0, 0).Apply(new float[2 * 10], 10));
    }

    [Fact]
    public void IntensityDrawsStayInRangeAndTheNeutralDrawIsTheIdentity()
    {
        var random = new Random(3);
        for (int i = 0; i < Draws; i++)
        {
            var jitter = IntensityJitter.Draw(random);
            Assert.InRange(jitter.Brightness, -IntensityJitter.MaxBrightnessShift, IntensityJitter.MaxBrightnessShift);
            Assert.InRange(jitter.Contrast, 1 / IntensityJitter.MaxContrastFactor, IntensityJitter.MaxContrastFactor);
            Assert.InRange(jitter.Gamma, 1 / IntensityJitter.MaxGammaFactor, IntensityJitter.MaxGammaFactor);
        }
        var samples = TestDraws.Noise(100, seed: 4, low: -0.2, high: 1.3);
        var kept = samples.ToArray();
        new IntensityJitter(0, 1, 1).Apply(kept);
        Assert.Equal(samples, kept);
    }

    [Fact]
    public void IntensityJitterKeepsTheOrderOfValues()
    {
        var samples = Enumerable.Range(-20, 160).Select(i => i / 100f).ToArray();
        new IntensityJitter(0.05, 1.2, 0.8).Apply(samples);
        Assert.All(Enumerable.Range(1, samples.Length - 1), i => Assert.True(samples[i] > samples[i - 1]));
    }

    [Fact]
    public void BlurKeepsAConstantImageAndSpreadsAnImpulseSymmetrically()
    {
        var constant = Enumerable.Repeat(0.4f, 2 * 15 * 15).ToArray();
        new GaussianBlur(0.9).Apply(constant, 15, 15);
        Assert.All(constant, v => Assert.Equal(0.4f, v, 5));

        var impulse = new float[15 * 15];
        impulse[7 * 15 + 7] = 1;
        new GaussianBlur(0.9).Apply(impulse, 15, 15);
        Assert.Equal(1f, impulse.Sum(), 4);
        Assert.True(impulse[7 * 15 + 7] < 1 && impulse[7 * 15 + 7] > impulse[7 * 15 + 8]);
        Assert.Equal(impulse[7 * 15 + 6], impulse[7 * 15 + 8], 6);
        Assert.Equal(impulse[6 * 15 + 7], impulse[7 * 15 + 8], 6);

        var sharp = new float[15 * 15];
        sharp[7 * 15 + 7] = 1;
        new GaussianBlur(GaussianBlur.NoBlurBelow / 2).Apply(sharp, 15, 15);
        Assert.Equal(1f, sharp[7 * 15 + 7]);
        Assert.All(Enumerable.Range(0, Draws).Select(_ => GaussianBlur.Draw(new Random(5)).Sigma), s => Assert.InRange(s, 0, GaussianBlur.MaxSigma));
    }

    [Fact]
    public void NoiseHasTheDrawnStandardDeviation()
    {
        var random = new Random(6);
        Assert.All(Enumerable.Range(0, Draws).Select(_ => GaussianNoise.Draw(random).StandardDeviation), s => Assert.InRange(s, 0, GaussianNoise.MaxStandardDeviation));
        var samples = new float[100_000];
        new GaussianNoise(0.02).Apply(samples, random);
        var mean = samples.Average();
        var sd = Math.Sqrt(samples.Average(v => (v - mean) * (v - mean)));
        Assert.InRange(mean, -0.0005, 0.0005);
        Assert.InRange(sd, 0.0195, 0.0205);
    }

    [Theory]
    [InlineData(TrainingAugmentations.Stain)]
    [InlineData(TrainingAugmentations.Intensity)]
    [InlineData(TrainingAugmentations.Blur)]
    [InlineData(TrainingAugmentations.Noise)]
    [InlineData(TrainingAugmentations.Stain | TrainingAugmentations.Intensity | TrainingAugmentations.Blur | TrainingAugmentations.Noise)]
    public void ASeedReproducesTheJitterAndAnotherSeedChangesIt(TrainingAugmentations augmentations)
    {
        var crop = TestDraws.Noise(3 * 9 * 9, seed: 7, low: 0.1, high: 1);
        float[] Jittered(int seed)
        {
            var copy = crop.ToArray();
            new PhotometricJitter(augmentations).Apply(copy, 3, 9, new Random(seed));
            return copy;
        }
        Assert.Equal(Jittered(11), Jittered(11));
        Assert.NotEqual(Jittered(11), Jittered(12));
    }

    [Fact]
    public void WithNothingSwitchedOnTheCropAndTheGeneratorAreUntouched()
    {
        var crop = TestDraws.Noise(3 * 9 * 9, seed: 8);
        var copy = crop.ToArray();
        var random = new Random(9);
        new PhotometricJitter(TrainingAugmentations.Dihedral | TrainingAugmentations.Scale).Apply(copy, 3, 9, random);
        Assert.Equal(crop, copy);
        Assert.Equal(new Random(9).Next(), random.Next());
    }
}
