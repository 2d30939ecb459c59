namespace CellDetect.Core.Augmentation;

/// <summary>
/// Sensor noise: independent Gaussian noise on every sample, its standard deviation uniform in [0, 0.03] of the
/// normalised range (about 8 grey levels of 255) per crop.
/// </summary>
public sealed record GaussianNoise(double StandardDeviation)
{
    public const double MaxStandardDeviation = 0.03;

    public static string Description => FormattableString.Invariant($"Gaussian noise (sd U(0, {MaxStandardDeviation}) of the normalised range)");

    public static GaussianNoise Draw(Random random) => new(random.Uniform(0, MaxStandardDeviation));

    public void Apply(Span<float> samples, Random random)
    {
        for (int i = 0; i < samples.Length; i++)
        {
            samples[i] += (float)(StandardDeviation * random.Gaussian());
        }
    }
}
