namespace CellDetect.Core.Augmentation;

/// <summary>
/// Fluorescence exposure and display variation on the normalised input (background about 0, bright cells about 1):
/// v' = Contrast * v^Gamma + Brightness, with Gamma and Contrast log-uniform in [0.8, 1.25] and Brightness in
/// [-0.1, 0.1], drawn once per crop and applied to every channel. Negative values keep their sign through the gamma.
/// </summary>
public sealed record IntensityJitter(double Brightness, double Contrast, double Gamma)
{
    public const double MaxBrightnessShift = 0.1;
    public const double MaxContrastFactor = 1.25;
    public const double MaxGammaFactor = 1.25;

    public static string Description => FormattableString.Invariant(
        $"intensity jitter (v' = contrast * v^gamma + brightness, contrast and gamma log-uniform in [{1 / MaxContrastFactor}, {MaxContrastFactor}], brightness in [-{MaxBrightnessShift}, {MaxBrightnessShift}])");

    public static IntensityJitter Draw(Random random) => new(
        Brightness: random.Uniform(-MaxBrightnessShift, MaxBrightnessShift),
        Contrast: random.LogUniform(1 / MaxContrastFactor, MaxContrastFactor),
        Gamma: random.LogUniform(1 / MaxGammaFactor, MaxGammaFactor));

    public void Apply(Span<float> samples)
    {
        var (contrast, gamma, brightness) = ((float)Contrast, Gamma, (float)Brightness);
        for (int i = 0; i < samples.Length; i++)
        {
            var v = samples[i];
            samples[i] = contrast * MathF.CopySign((float)Math.Pow(Math.Abs(v), gamma), v) + brightness;
        }
    }
}
