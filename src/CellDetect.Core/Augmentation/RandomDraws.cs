namespace CellDetect.Core.Augmentation;

/// <summary>The draws augmentations make, all from the caller's generator so that a seed reproduces a run.</summary>
internal static class RandomDraws
{
    public static double Uniform(this Random random, double low, double high) => low + (high - low) * random.NextDouble();

    /// <summary>Uniform in log space: as likely to halve as to double.</summary>
    public static double LogUniform(this Random random, double low, double high) => Math.Exp(random.Uniform(Math.Log(low), Math.Log(high)));

    /// <summary>A standard normal sample (Box-Muller).</summary>
    public static double Gaussian(this Random random)
    {
        var u = 1.0 - random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u)) * Math.Cos(2.0 * Math.PI * random.NextDouble());
    }
}
