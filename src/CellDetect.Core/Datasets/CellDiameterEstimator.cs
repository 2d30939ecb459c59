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
        var space = ScaleSpace.Of(image, CancellationToken.None);
        return inside.Select(c => 2 * Math.Sqrt(2) * StrongestScale(space.Profile(c))).ToArray();
    }

    /// <summary>
    /// The typical cell diameter of an image without clicks, for images that carry no calibration. Candidate centres are
    /// the positive peaks of the response at every scale; each candidate's strongest scale is measured as at a click, and
    /// the candidates that are maxima in scale as well as in space (their strongest scale within a quarter octave of the
    /// one they were found at) vote: the median diameter of the stronger half of them. Null when there is none (a blank
    /// image). At most the central <see cref="LargestSide"/> x <see cref="LargestSide"/> pixels are measured. Up to about a
    /// second of work: <paramref name="cancellation"/> is checked at every scale.
    /// </summary>
    public static double? EstimateFromImage(PlanarImage image, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(image);
        var space = ScaleSpace.Of(CentralCrop(image), cancellation);
        var votes = new List<(double Diameter, float Strength)>();
        for (int k = 0; k < Sigmas.Count; k++)
        {
            cancellation.ThrowIfCancellationRequested();
            foreach (var candidate in space.Peaks(k, CandidatesPerScale))
            {
                var profile = space.Profile(candidate);
                var best = Array.IndexOf(profile, profile.Max());
                if (Math.Abs(best - k) <= 1 && profile[best] > 0)
                {
                    votes.Add((2 * Math.Sqrt(2) * StrongestScale(profile), profile[best]));
                }
            }
        }
        if (votes.Count == 0)
        {
            return null;
        }
        // Each vote weighs its strength times its area: a cell of diameter d covers the image that (d/d')^2 spots of
        // diameter d' would, and small scales find many more maxima (chromatin grains, noise) than there are cells.
        var weighted = votes.Select(v => (v.Diameter, Weight: v.Strength * v.Diameter)).OrderBy(v => v.Diameter).ToArray();
        var half = weighted.Sum(v => v.Weight) / 2;
        var cumulative = 0.0;
        foreach (var (diameter, weight) in weighted)
        {
            cumulative += weight;
            if (cumulative >= half)
            {
                return diameter;
            }
        }
        return weighted[^1].Diameter;
    }

    /// <summary>Side of the central square <see cref="EstimateFromImage"/> measures: enough cells at any size it can find, at a bounded cost.</summary>
    public const int LargestSide = 768;

    /// <summary>Strongest peaks taken per scale as candidate centres.</summary>
    private const int CandidatesPerScale = 400;

    private static PlanarImage CentralCrop(PlanarImage image)
    {
        if (image.Width <= LargestSide && image.Height <= LargestSide)
        {
            return image;
        }
        var (width, height) = (Math.Min(image.Width, LargestSide), Math.Min(image.Height, LargestSide));
        return new InMemoryRegionSource(image).ReadRegion(new PixelRegion((image.Width - width) / 2, (image.Height - height) / 2, width, height));
    }

    /// <summary>
    /// The scale-normalised response at every sigma of <see cref="Sigmas"/>, signed so that cells are positive. A wide
    /// kernel on the full image would cost as much as all the others together: large scales are measured on the image
    /// reduced by a power of two that brings sigma to 2-4 pixels there (the response is scale-normalised).
    /// </summary>
    private sealed class ScaleSpace
    {
        private readonly int width;
        private readonly int height;
        private readonly (PlanarImage Level, float[] Response)[] scales;

        private ScaleSpace(int width, int height, (PlanarImage, float[])[] scales)
        {
            this.width = width;
            this.height = height;
            this.scales = scales;
        }

        public static ScaleSpace Of(PlanarImage image, CancellationToken cancellation)
        {
            var mean = new PlanarImage(image.Width, image.Height, 1, LogBlobDetector.NormalizedMean(image), SampleDescription.Float32);
            var sign = LogBlobDetector.AutoPolarity(mean.Pixels) == BlobPolarity.Dark ? -1f : 1f;
            var reduced = new Dictionary<int, PlanarImage> { [1] = mean };
            var scales = new (PlanarImage, float[])[Sigmas.Count];
            for (int k = 0; k < Sigmas.Count; k++)
            {
                cancellation.ThrowIfCancellationRequested();
                var factor = Math.Max(1, 1 << (int)Math.Floor(Math.Log2(Sigmas[k] / 2)));
                if (!reduced.TryGetValue(factor, out var level))
                {
                    level = reduced[factor] = BilinearResampler.Resize(mean, Math.Max(1, mean.Width / factor), Math.Max(1, mean.Height / factor), null);
                }
                var response = LogBlobDetector.Response(level.Pixels, level.Width, level.Height, Sigmas[k] / factor);
                for (int i = 0; i < response.Length; i++)
                {
                    response[i] *= sign;
                }
                scales[k] = (level, response);
            }
            return new ScaleSpace(mean.Width, mean.Height, scales);
        }

        /// <summary>The response at <paramref name="point"/> (full-image pixels) at every scale.</summary>
        public float[] Profile(CellPoint point)
        {
            var profile = new float[scales.Length];
            for (int k = 0; k < scales.Length; k++)
            {
                var (level, response) = scales[k];
                var x = Math.Clamp((int)Math.Round(BilinearResampler.ToResized(point.X, level.Width / (double)width)), 0, level.Width - 1);
                var y = Math.Clamp((int)Math.Round(BilinearResampler.ToResized(point.Y, level.Height / (double)height)), 0, level.Height - 1);
                profile[k] = response[y * level.Width + x];
            }
            return profile;
        }

        /// <summary>The strongest positive peaks at scale <paramref name="k"/>, at most <paramref name="most"/>, in full-image pixels.</summary>
        public IEnumerable<CellPoint> Peaks(int k, int most)
        {
            var (level, response) = scales[k];
            var radius = Math.Max(1, (int)Math.Round(Sigmas[k] * level.Width / width));
            return new PeakFinder(radius).Find(response, level.Width, level.Height, float.Epsilon)
                .OrderByDescending(p => p.Score).Take(most)
                .Select(p => new CellPoint(BilinearResampler.ToOriginal(p.X, level.Width / (double)width), BilinearResampler.ToOriginal(p.Y, level.Height / (double)height), p.Score));
        }
    }

    /// <summary>
    /// The sigma of a cell's strongest response, refined between the grid's quarter-octave steps by the vertex of the
    /// parabola through the best scale and its neighbours (in log sigma), so that estimates are not stuck on the grid.
    /// </summary>
    private static double StrongestScale(float[] profile)
    {
        var best = 0;
        for (int k = 1; k < profile.Length; k++)
        {
            if (profile[k] > profile[best])
            {
                best = k;
            }
        }
        var offset = 0.0;
        if (best > 0 && best < profile.Length - 1)
        {
            var (left, centre, right) = (profile[best - 1], profile[best], profile[best + 1]);
            var curvature = left - 2 * centre + right;
            offset = curvature < 0 ? Math.Clamp(0.5 * (left - right) / curvature, -0.5, 0.5) : 0;
        }
        return Math.Pow(2, (best + offset) / 4.0);
    }
}
