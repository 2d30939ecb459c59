using CellDetect.Core.Datasets;
using CellDetect.Core.Detection;
using CellDetect.Core.Imaging;

namespace CellDetect.Core.Tests.Datasets;

public sealed class CellDiameterEstimatorTests
{
    [Theory]
    [InlineData(8.0, false)]
    [InlineData(14.0, false)]
    [InlineData(30.0, false)]
    [InlineData(12.0, true)]
    [InlineData(24.0, true)]
    public void TheDiameterOfDiscsIsFoundFromTheirCentres(double diameter, bool darkOnBright)
    {
        var (image, centres) = Discs(diameter, darkOnBright, seed: (int)diameter);
        var estimate = CellDiameterEstimator.Estimate([(image, centres)]);
        Assert.NotNull(estimate);
        // The scales are a quarter octave (19%) apart: within half a step, plus the discs' pixelisation.
        Assert.InRange(estimate.Value, diameter / 1.15, diameter * 1.15);
    }

    [Fact]
    public void ImagesWithoutCellsInsideGiveNoEstimate()
    {
        var (image, _) = Discs(10, false, seed: 1);
        Assert.Null(CellDiameterEstimator.Estimate([(image, Array.Empty<CellPoint>())]));
        Assert.Null(CellDiameterEstimator.Estimate([(image, new[] { new CellPoint(-20, 5) })]));
    }

    [Theory]
    [InlineData(10.0, false)]
    [InlineData(30.0, false)]
    [InlineData(14.0, true)]
    public void TheDiameterOfDiscsIsFoundFromTheImageAlone(double diameter, bool darkOnBright)
    {
        var (image, _) = Discs(diameter, darkOnBright, seed: (int)diameter + 100);
        var estimate = CellDiameterEstimator.EstimateFromImage(image);
        Assert.NotNull(estimate);
        // Noise grains vote for small scales too: within a quarter octave and a half of the truth.
        Assert.InRange(estimate.Value, diameter / 1.3, diameter * 1.3);
    }

    [Fact]
    public void ACancelledEstimateStopsWithTheToken()
    {
        var (image, _) = Discs(14, false, seed: 7);
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        Assert.Throws<OperationCanceledException>(() => CellDiameterEstimator.EstimateFromImage(image, cancelled.Token));
    }

    [Fact]
    public void ABlankImageGivesNoEstimateFromTheImage()
    {
        var blank = new PlanarImage(64, 64, 1, SampleDescription.UInt8);
        Assert.Null(CellDiameterEstimator.EstimateFromImage(blank));
    }

    /// <summary>Discs of one diameter on a noisy background (RGB when dark on bright, like H&amp;E), at least two diameters apart.</summary>
    private static (PlanarImage Image, IReadOnlyList<CellPoint> Centres) Discs(double diameter, bool darkOnBright, int seed)
    {
        var size = (int)(diameter * 9);
        var random = new Random(seed);
        var centres = new List<CellPoint>();
        for (int attempt = 0; attempt < 2000 && centres.Count < 12; attempt++)
        {
            var candidate = new CellPoint(diameter + random.NextDouble() * (size - 2 * diameter), diameter + random.NextDouble() * (size - 2 * diameter));
            if (centres.All(c => Math.Sqrt(Math.Pow(c.X - candidate.X, 2) + Math.Pow(c.Y - candidate.Y, 2)) > 2.5 * diameter))
            {
                centres.Add(candidate);
            }
        }
        var channels = darkOnBright ? 3 : 1;
        var image = new PlanarImage(size, size, channels, SampleDescription.UInt8);
        for (int y = 0; y < size; y++)
        {
            for (int x = 0; x < size; x++)
            {
                var inDisc = centres.Any(c => Math.Pow(x - c.X, 2) + Math.Pow(y - c.Y, 2) <= diameter * diameter / 4);
                var value = (inDisc ? 200 : 30) + 10 * random.NextDouble();
                for (int c = 0; c < channels; c++)
                {
                    image[c, y, x] = (float)(darkOnBright ? 255 - value : value);
                }
            }
        }
        return (image, centres);
    }
}
