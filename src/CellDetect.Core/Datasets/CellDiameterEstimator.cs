using CellDetect.Core.Baselines;
using CellDetect.Core.Detection;
using CellDetect.Core.Imaging;

namespace CellDetect.Core.Datasets;

/// <summary>
/// The typical cell diameter of annotated images, from the clicks alone: at each clicked centre, the scale sigma whose
/// scale-normalised Laplacian of Gaussian (<see cref="LogBlobDetector.Response"/>, sign by the image's polarity) is
/// strongest is the cell's scale, and a disc of diameter 2 sqrt(2) sigma has its strongest response at sigma. The
/// estimate is the median over all cells, so touching cells and clicks on odd nuclei do not move it much.
/// It is a scale, not a segmentation: what it is for is rescaling images so that their cells are the size a
/// model was trained on.
/// </summary>
public static class CellDiameterEstimator
{
    /// <summary>Sigmas tried, a quarter octave apart: diameters from about 2.8 to 90 pixels.</summary>
    public static IReadOnlyList<double> Sigmas { get; } = Enumerable.Range(0, 21).Select(k => Math.Pow(2, k / 4.0)).ToArray();

    /// <summary>Median diameter in pixels over the cells of all <paramref name="samples"/>; null when they have no cell.</summary>
    public static double? Estimate(IEnumerable<(PlanarImage Image, IReadOnlyList<CellPoint> Cells)> samples)
    {
        var diameters = samples.SelectMany(s => PerCell(s.Image, s.Cells)).Order().ToArray();
        return diameters.Length == 0 ? null : diameters[diameters.Length / 2];
    }

    /// <summary>The diameter, in pixels, at each cell of one image that lies inside it.</summary>
    public static IReadOnlyList<double> PerCell(PlanarImage image, IReadOnlyList<CellPoint> cells)
    {
        var inside = cells
            .Select(c => (X: (int)Math.Round(c.X), Y: (int)Math.Round(c.Y)))
            .Where(c => c.X >= 0 && c.Y >= 0 && c.X < image.Width && c.Y < image.Height)
            .ToArray();
        if (inside.Length == 0)
        {
            return [];
        }
        var mean = LogBlobDetector.NormalizedMean(image);
        var sign = LogBlobDetector.AutoPolarity(mean) == BlobPolarity.Dark ? -1f : 1f;
        var best = new float[inside.Length];
        var bestSigma = new double[inside.Length];
        Array.Fill(best, float.NegativeInfinity);
        foreach (var sigma in Sigmas)
        {
            var response = LogBlobDetector.Response(mean, image.Width, image.Height, sigma);
            for (int i = 0; i < inside.Length; i++)
            {
                var value = sign * response[inside[i].Y * image.Width + inside[i].X];
                if (value > best[i])
                {
                    (best[i], bestSigma[i]) = (value, sigma);
                }
            }
        }
        return bestSigma.Select(s => 2 * Math.Sqrt(2) * s).ToArray();
    }
}
