using CellDetect.Core.Baselines;
using CellDetect.Core.Detection;
using CellDetect.Core.Evaluation;
using CellDetect.Core.Imaging;

namespace CellDetect.Core.Tests.Baselines;

public sealed class LogBlobDetectorTests
{
    /// <summary>Gaussian blobs of standard deviation <paramref name="blobSigma"/> on a jittered grid, 8-bit samples.</summary>
    internal static (PlanarImage Image, List<CellPoint> Centres) Blobs(int size, double blobSigma, int spacing, bool dark, int seed, int channels = 1)
    {
        var random = new Random(seed);
        var centres = new List<CellPoint>();
        for (int gy = spacing / 2; gy + spacing / 2 <= size; gy += spacing)
        {
            for (int gx = spacing / 2; gx + spacing / 2 <= size; gx += spacing)
            {
                var jitter = spacing / 6.0;
                centres.Add(new CellPoint(gx + (random.NextDouble() * 2 - 1) * jitter, gy + (random.NextDouble() * 2 - 1) * jitter));
            }
        }
        var plane = new float[size * size];
        for (int y = 0; y < size; y++)
        {
            for (int x = 0; x < size; x++)
            {
                double v = 0;
                foreach (var c in centres)
                {
                    var d2 = (x - c.X) * (x - c.X) + (y - c.Y) * (y - c.Y);
                    if (d2 < 36 * blobSigma * blobSigma)
                    {
                        v += Math.Exp(-d2 / (2 * blobSigma * blobSigma));
                    }
                }
                var noise = (random.NextDouble() - 0.5) * 0.1;
                var value = Math.Clamp(0.1 + 0.7 * Math.Min(v, 1) + noise, 0, 1);
                plane[y * size + x] = (float)Math.Round(255 * (dark ? 1 - value : value));
            }
        }
        var pixels = new float[plane.Length * channels];
        for (int c = 0; c < channels; c++)
        {
            plane.CopyTo(pixels, c * plane.Length);
        }
        return (new PlanarImage(size, size, channels, pixels, SampleDescription.UInt8), centres);
    }

    [Theory]
    [InlineData(false, BlobPolarity.Bright, 1)]
    [InlineData(true, BlobPolarity.Dark, 3)]
    [InlineData(false, BlobPolarity.Auto, 1)]
    [InlineData(true, BlobPolarity.Auto, 3)]
    public void FindsGaussianBlobsAtTheirCentres(bool dark, BlobPolarity polarity, int channels)
    {
        var (image, centres) = Blobs(160, 3.0, 20, dark, seed: 7, channels);
        var found = LogBlobDetector.Detect(image, new LogBlobParameters(3.0, polarity, 0.1));
        var result = DetectionEvaluator.EvaluateImage("blobs", centres, found);
        Assert.True(result.F1 >= 0.9, $"F1 {result.F1:0.000}: {result.Counts}");
        Assert.True(result.Distance.Mean < 1.0, $"mean distance {result.Distance.Mean:0.00} px");
    }

    [Fact]
    public void AutoPolarityIsDarkForABrightBackground()
    {
        var (bright, _) = Blobs(100, 3.0, 20, dark: false, seed: 1);
        var (dark, _) = Blobs(100, 3.0, 20, dark: true, seed: 1);
        Assert.Equal(BlobPolarity.Bright, LogBlobDetector.AutoPolarity(LogBlobDetector.NormalizedMean(bright)));
        Assert.Equal(BlobPolarity.Dark, LogBlobDetector.AutoPolarity(LogBlobDetector.NormalizedMean(dark)));
    }

    [Fact]
    public void ResponseIsZeroOnFlatAndLinearImagesAndScaleNormalised()
    {
        const int size = 64;
        var flat = Enumerable.Repeat(0.5f, size * size).ToArray();
        Assert.All(LogBlobDetector.Response(flat, size, size, 3.0), v => Assert.True(Math.Abs(v) < 1e-5));
        var ramp = new float[size * size];
        for (int y = 0; y < size; y++)
        {
            for (int x = 0; x < size; x++)
            {
                ramp[y * size + x] = 0.01f * x + 0.02f * y;
            }
        }
        var rampResponse = LogBlobDetector.Response(ramp, size, size, 2.0);
        Assert.True(Math.Abs(rampResponse[32 * size + 32]) < 1e-4, "a ramp has no curvature away from the border");

        // A Gaussian blob of standard deviation s: the scale-normalised response at its centre peaks at sigma = s.
        var peaks = new[] { 2.0, 3.0, 4.0, 5.0, 6.0 }.Select(sigma =>
        {
            var blob = new float[size * size];
            for (int y = 0; y < size; y++)
            {
                for (int x = 0; x < size; x++)
                {
                    blob[y * size + x] = (float)Math.Exp(-((x - 32) * (x - 32) + (y - 32) * (y - 32)) / (2 * 4.0 * 4.0));
                }
            }
            return LogBlobDetector.Response(blob, size, size, sigma)[32 * size + 32];
        }).ToList();
        Assert.Equal(2, peaks.IndexOf(peaks.Max()));
        Assert.All(peaks, v => Assert.True(v > 0));
    }

    [Fact]
    public void KernelsSumToOneAndZero()
    {
        var (gauss, second) = LogBlobDetector.Kernels(2.5);
        Assert.Equal(1.0, gauss.Sum(v => (double)v), 5);
        Assert.Equal(0.0, second.Sum(v => (double)v), 5);
        Assert.Equal(gauss.Length, second.Length);
    }
}
