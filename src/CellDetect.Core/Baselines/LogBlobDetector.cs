using CellDetect.Core.Detection;
using CellDetect.Core.Imaging;

namespace CellDetect.Core.Baselines;

/// <summary>Which way round cells are: the sign of the blobs the Laplacian-of-Gaussian baseline looks for.</summary>
public enum BlobPolarity
{
    /// <summary>Per image: <see cref="Dark"/> when the normalised median is above one half (a bright background), else <see cref="Bright"/>.</summary>
    Auto,

    /// <summary>Bright cells on a dark background (fluorescence): cell-likeness = the normalised mean of the colour channels.</summary>
    Bright,

    /// <summary>Dark nuclei on a bright background (brightfield H&amp;E): cell-likeness = 1 - the normalised mean of the colour channels.</summary>
    Dark,
}

/// <summary>The parameters the baseline detects with: LoG scale, polarity and the response threshold.</summary>
public sealed record LogBlobParameters(double Sigma, BlobPolarity Polarity, double Threshold)
{
    /// <summary>Peaks must be the maximum of a (2 Radius + 1)^2 window: about one sigma, at least 1 pixel.</summary>
    public int PeakRadius => PeakRadiusFor(Sigma);

    public static int PeakRadiusFor(double sigma) => Math.Max(1, (int)Math.Round(sigma));
}

/// <summary>
/// The classical baseline of Xie et al.'s Table 1: scale-normalised Laplacian of Gaussian blob detection.
/// <list type="number">
/// <item>A single cell-likeness channel: the mean of the colour channels (alpha dropped,
/// <see cref="ChannelMapping.Gray"/>), mapped to 0..1 by <see cref="PercentileNormalization"/> (1st/99.8th
/// percentiles), and for <see cref="BlobPolarity.Dark"/> inverted (1 - v). For H&amp;E we use the inverted mean of
/// RGB rather than the red channel or a colour-deconvolution hematoxylin channel: it is stain-agnostic, needs no stain
/// vectors, and both eosin (pink) and hematoxylin (blue-purple) darken the mean, hematoxylin-rich nuclei most.</item>
/// <item>The response R = -sigma^2 * (Gxx + Gyy) * I with a separable LoG (Gaussian and its sampled second derivative,
/// truncated at 4 sigma, mirrored borders), so that a bright disc of radius about sqrt(2) sigma gives a positive maximum
/// whose height does not depend on the scale.</item>
/// <item>Cells = local maxima of R above the threshold via <see cref="PeakFinder"/> with radius about sigma;
/// score = R at the peak.</item>
/// </list>
/// Because the Dark channel is exactly 1 minus the Bright one, its response is exactly the negated Bright response.
/// </summary>
public static class LogBlobDetector
{
    /// <summary>The normalised mean of the colour channels, bright = high (before any polarity inversion).</summary>
    public static float[] NormalizedMean(PlanarImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        var gray = ChannelMapping.Gray.Apply(image);
        return new PercentileNormalization().Normalize(gray).Pixels;
    }

    /// <summary>What <see cref="BlobPolarity.Auto"/> decides for a normalised mean channel: Dark when its median exceeds 0.5.</summary>
    public static BlobPolarity AutoPolarity(ReadOnlySpan<float> normalizedMean)
    {
        var step = Math.Max(1, normalizedMean.Length / 65536);
        var samples = new float[(normalizedMean.Length + step - 1) / step];
        for (int i = 0, k = 0; i < normalizedMean.Length; i += step, k++)
        {
            samples[k] = normalizedMean[i];
        }
        Array.Sort(samples);
        return samples[samples.Length / 2] > 0.5f ? BlobPolarity.Dark : BlobPolarity.Bright;
    }

    public static BlobPolarity Resolve(BlobPolarity polarity, ReadOnlySpan<float> normalizedMean) =>
        polarity == BlobPolarity.Auto ? AutoPolarity(normalizedMean) : polarity;

    /// <summary>
    /// R = -sigma^2 (d²/dx² + d²/dy²) (G_sigma * channel): positive on bright blobs of radius about sqrt(2) sigma.
    /// Negate it for dark blobs.
    /// </summary>
    public static float[] Response(ReadOnlySpan<float> channel, int width, int height, double sigma)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        if (channel.Length != width * height)
        {
            throw new ArgumentException($"Expected {width * height} samples for {width}x{height}, got {channel.Length}.", nameof(channel));
        }
        if (!double.IsFinite(sigma) || sigma <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(sigma), sigma, "Sigma must be a positive number of pixels.");
        }
        var (gauss, second) = Kernels(sigma);
        var smoothX = new float[channel.Length];
        var secondX = new float[channel.Length];
        var line = new float[Math.Max(width, height)];
        var scratch = new float[Math.Max(width, height) + 2 * (gauss.Length / 2)];
        var column = new float[height];

        // Horizontal passes: G and G'' along x.
        for (int y = 0; y < height; y++)
        {
            var row = channel.Slice(y * width, width);
            Convolve(row, gauss, scratch, smoothX.AsSpan(y * width, width));
            Convolve(row, second, scratch, secondX.AsSpan(y * width, width));
        }

        // Vertical passes: Gyy on the x-smoothed image plus G on the x-differentiated one.
        var response = new float[channel.Length];
        var scale = (float)(-sigma * sigma);
        var outA = line.AsSpan(0, height);
        var outB = new float[height];
        for (int x = 0; x < width; x++)
        {
            for (int y = 0; y < height; y++)
            {
                column[y] = smoothX[y * width + x];
            }
            Convolve(column, second, scratch, outA);
            for (int y = 0; y < height; y++)
            {
                column[y] = secondX[y * width + x];
            }
            Convolve(column, gauss, scratch, outB);
            for (int y = 0; y < height; y++)
            {
                response[y * width + x] = scale * (outA[y] + outB[y]);
            }
        }
        return response;
    }

    /// <summary>Peaks of the response for <paramref name="polarity"/> (already resolved, not Auto) above <paramref name="threshold"/>.</summary>
    public static List<CellPoint> Peaks(float[] brightResponse, int width, int height, BlobPolarity polarity, double sigma, double threshold)
    {
        if (polarity == BlobPolarity.Auto)
        {
            throw new ArgumentException("Resolve the polarity before finding peaks.", nameof(polarity));
        }
        var map = brightResponse;
        if (polarity == BlobPolarity.Dark)
        {
            map = new float[brightResponse.Length];
            for (int i = 0; i < map.Length; i++)
            {
                map[i] = -brightResponse[i];
            }
        }
        return new PeakFinder(LogBlobParameters.PeakRadiusFor(sigma)).Find(map, width, height, (float)threshold);
    }

    /// <summary>Detects cells in <paramref name="image"/>: every peak with response above <paramref name="parameters"/>.Threshold.</summary>
    public static List<CellPoint> Detect(PlanarImage image, LogBlobParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var mean = NormalizedMean(image);
        var polarity = Resolve(parameters.Polarity, mean);
        var response = Response(mean, image.Width, image.Height, parameters.Sigma);
        return Peaks(response, image.Width, image.Height, polarity, parameters.Sigma, parameters.Threshold);
    }

    /// <summary>The Gaussian (sum 1) and its second derivative (sum 0, second moment 2) sampled on [-4 sigma, 4 sigma].</summary>
    public static (float[] Gauss, float[] Second) Kernels(double sigma)
    {
        var radius = Math.Max(1, (int)Math.Ceiling(4 * sigma));
        var gauss = new double[2 * radius + 1];
        var second = new double[2 * radius + 1];
        double sum = 0;
        for (int i = -radius; i <= radius; i++)
        {
            var g = Math.Exp(-i * i / (2 * sigma * sigma));
            gauss[i + radius] = g;
            second[i + radius] = (i * i / (sigma * sigma) - 1) / (sigma * sigma) * g;
            sum += g;
        }
        double mean = 0;
        for (int i = 0; i < gauss.Length; i++)
        {
            gauss[i] /= sum;
            second[i] /= sum;
            mean += second[i];
        }
        mean /= second.Length;
        double moment = 0;
        for (int i = -radius; i <= radius; i++)
        {
            second[i + radius] -= mean;
            moment += second[i + radius] * i * i;
        }
        // The second derivative of x^2 is 2: makes the sampled kernel exact on quadratics.
        var correction = 2 / moment;
        return (gauss.Select(v => (float)v).ToArray(), second.Select(v => (float)(v * correction)).ToArray());
    }

    /// <summary>1-D correlation (the kernels are symmetric) with mirrored borders (…c b | a b c | b a…).</summary>
    private static void Convolve(ReadOnlySpan<float> input, float[] kernel, float[] scratch, Span<float> output)
    {
        var n = input.Length;
        var radius = kernel.Length / 2;
        var padded = scratch.AsSpan(0, n + 2 * radius);
        for (int i = 0; i < padded.Length; i++)
        {
            padded[i] = input[MirroredBorder.Reflect(i - radius, n)];
        }
        for (int i = 0; i < n; i++)
        {
            float acc = 0;
            var window = padded.Slice(i, kernel.Length);
            for (int k = 0; k < kernel.Length; k++)
            {
                acc += window[k] * kernel[k];
            }
            output[i] = acc;
        }
    }
}
