using CellDetect.Core.Baselines;
using CellDetect.Core.Detection;
using CellDetect.Core.Imaging;

namespace CellDetect.Core.Datasets;

/// <summary>
/// The typical cell diameter of annotated images, from the clicks alone: at each clicked centre, the scale sigma whose
/// scale-normalised Laplacian of Gaussian (<see cref="LogBlobDetector.Response"/>, sign by the image's polarity) is
/// strongest is the cell's scale, and a disc of diameter 2 sqrt(2) sigma has its strongest response at sigma. The
/// estimate is the median over all cells, so touching cells and clicks on odd nuclei do not move it much.
/// Scales above 4 pixels are measured on the image reduced by powers of two (area-averaged), which keeps the cost
/// of a 1200 x 1200 image near that of its finest scales. It is a scale, not a segmentation: what it is for is
/// rescaling images so that their cells are the size a model was trained on.
/// </summary>
public static class CellDiameterEstimator
{
    /// <summary>Sigmas tried, a quarter octave apart (2^(k/4)): diameters from about 2.8 to 90 pixels.</summary>
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
        var inside = cells.Where(c => c.X >= -0.5 && c.Y >= -0.5 && c.X < image.Width - 0.5 && c.Y < image.Height - 0.5).ToArray();
        if (inside.Length == 0)
        {
            return [];
        }
        var mean = new PlanarImage(image.Width, image.Height, 1, LogBlobDetector.NormalizedMean(image), SampleDescription.Float32);
        var sign = LogBlobDetector.AutoPolarity(mean.Pixels) == BlobPolarity.Dark ? -1f : 1f;
        var responses = new float[inside.Length, Sigmas.Count];
        var reduced = new Dictionary<int, PlanarImage> { [1] = mean };
        for (int k = 0; k < Sigmas.Count; k++)
        {
            // A wide kernel on the full image would cost as much as all the others together: large scales are measured
            // on the image reduced by a power of two that brings sigma to 2-4 pixels there (the response is scale-normalised).
            var sigma = Sigmas[k];
            var factor = Math.Max(1, 1 << (int)Math.Floor(Math.Log2(sigma / 2)));
            if (!reduced.TryGetValue(factor, out var level))
            {
                level = reduced[factor] = BilinearResampler.Resize(mean, Math.Max(1, mean.Width / factor), Math.Max(1, mean.Height / factor), null);
            }
            var response = LogBlobDetector.Response(level.Pixels, level.Width, level.Height, sigma / factor);
            for (int i = 0; i < inside.Length; i++)
            {
                var x = Math.Clamp((int)Math.Round(BilinearResampler.ToResized(inside[i].X, level.Width / (double)mean.Width)), 0, level.Width - 1);
                var y = Math.Clamp((int)Math.Round(BilinearResampler.ToResized(inside[i].Y, level.Height / (double)mean.Height)), 0, level.Height - 1);
                responses[i, k] = sign * response[y * level.Width + x];
            }
        }
        return Enumerable.Range(0, inside.Length).Select(i => 2 * Math.Sqrt(2) * StrongestScale(responses, i)).ToArray();
    }

    /// <summary>
    /// The sigma of a cell's strongest response, refined between the grid's quarter-octave steps by the vertex of the
    /// parabola through the best scale and its neighbours (in log sigma), so that estimates are not stuck on the grid.
    /// </summary>
    private static double StrongestScale(float[,] responses, int cell)
    {
        var best = 0;
        for (int k = 1; k < Sigmas.Count; k++)
        {
            if (responses[cell, k] > responses[cell, best])
            {
                best = k;
            }
        }
        var offset = 0.0;
        if (best > 0 && best < Sigmas.Count - 1)
        {
            var (left, centre, right) = (responses[cell, best - 1], responses[cell, best], responses[cell, best + 1]);
            var curvature = left - 2 * centre + right;
            offset = curvature < 0 ? Math.Clamp(0.5 * (left - right) / curvature, -0.5, 0.5) : 0;
        }
        return Math.Pow(2, (best + offset) / 4.0);
    }
}
