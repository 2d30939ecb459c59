using CellDetect.Core.Imaging;

namespace CellDetect.Core.Augmentation;

/// <summary>
/// Mild focus variation: a Gaussian blur of sigma uniform in [0, 1] pixel per crop (kernel to 3 sigma, mirrored
/// borders, separable). Below <see cref="NoBlurBelow"/> the crop is left as it is.
/// </summary>
public sealed record GaussianBlur(double Sigma)
{
    public const double MaxSigma = 1.0;

    /// <summary>A kernel this narrow is the identity to float precision.</summary>
    public const double NoBlurBelow = 0.2;

    public static string Description => FormattableString.Invariant($"Gaussian blur (sigma U(0, {MaxSigma}) px)");

    public static GaussianBlur Draw(Random random) => new(random.Uniform(0, MaxSigma));

    /// <summary>Blurs each width x height plane of <paramref name="planes"/> in place.</summary>
    public void Apply(Span<float> planes, int width, int height)
    {
        if (Sigma < NoBlurBelow)
        {
            return;
        }
        var kernel = Kernel(Sigma);
        var line = new float[Math.Max(width, height)];
        for (int start = 0; start < planes.Length; start += width * height)
        {
            var plane = planes.Slice(start, width * height);
            for (int y = 0; y < height; y++)
            {
                Convolve(plane.Slice(y * width, width), 1, width, kernel, line);
            }
            for (int x = 0; x < width; x++)
            {
                Convolve(plane[x..], width, height, kernel, line);
            }
        }
    }

    /// <summary>The normalised Gaussian on [-3 sigma, 3 sigma].</summary>
    private static float[] Kernel(double sigma)
    {
        var radius = (int)Math.Ceiling(3 * sigma);
        var kernel = new float[2 * radius + 1];
        double sum = 0;
        for (int i = -radius; i <= radius; i++)
        {
            sum += kernel[i + radius] = (float)Math.Exp(-i * i / (2 * sigma * sigma));
        }
        for (int i = 0; i < kernel.Length; i++)
        {
            kernel[i] = (float)(kernel[i] / sum);
        }
        return kernel;
    }

    /// <summary>Convolves the <paramref name="length"/> samples <paramref name="stride"/> apart in place, using <paramref name="scratch"/>.</summary>
    private static void Convolve(Span<float> samples, int stride, int length, float[] kernel, float[] scratch)
    {
        var radius = kernel.Length / 2;
        for (int i = 0; i < length; i++)
        {
            float sum = 0;
            for (int k = -radius; k <= radius; k++)
            {
                sum += kernel[k + radius] * samples[MirroredBorder.Reflect(i + k, length) * stride];
            }
            scratch[i] = sum;
        }
        for (int i = 0; i < length; i++)
        {
            samples[i * stride] = scratch[i];
        }
    }
}
