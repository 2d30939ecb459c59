using CellDetect.Core.Detection;

namespace CellDetect.Core.Evaluation;

/// <summary>One held-out image of a cross-validation: its annotations and its detections (down to a low score) under each candidate peak radius.</summary>
public sealed record HeldOutImage(string DataSet, string Name, int Fold, IReadOnlyList<CellPoint> Truth, IReadOnlyDictionary<int, IReadOnlyList<CellPoint>> DetectionsByPeakRadius);

/// <summary>Where a detector is run: its peak radius and its score threshold.</summary>
public readonly record struct OperatingPoint(int PeakRadius, double Threshold);

/// <summary>A fold scored at the operating point chosen without it, pooled per data set.</summary>
public sealed record FoldScore(int Fold, OperatingPoint Chosen, IReadOnlyDictionary<string, DetectionCounts> ByDataSet);

/// <summary>
/// Chooses the peak radius and threshold by cross-validation. <see cref="Best"/> is the point with the highest F1 pooled
/// over the given images (strict matching, as <c>evaluate</c>); <see cref="ScoreFolds"/> scores each fold at the point
/// chosen on the other folds' held-out images only, so no fold's figures come from settings tuned on that fold.
/// </summary>
public static class CrossValidatedOperatingPoint
{
    /// <summary>The point with the highest pooled F1 (ties: the earlier radius, then the higher threshold) and its counts.</summary>
    public static (OperatingPoint Point, DetectionCounts Counts) Best(IReadOnlyList<HeldOutImage> images, EvaluationOptions? options = null)
    {
        if (images.Count == 0)
        {
            throw new ArgumentException("No held-out images to choose an operating point on.", nameof(images));
        }
        var best = (Point: default(OperatingPoint), Counts: default(DetectionCounts), F1: double.NegativeInfinity);
        foreach (var radius in images[0].DetectionsByPeakRadius.Keys.Order())
        {
            var curve = ThresholdSweep.Sweep(images.Select(i => new EvaluationImage(i.Name, i.Truth, i.DetectionsByPeakRadius[radius])).ToList(), options);
            if (curve.Best.F1 > best.F1)
            {
                best = (new OperatingPoint(radius, curve.Best.Threshold), curve.Best.Counts, curve.Best.F1);
            }
        }
        return (best.Point, best.Counts);
    }

    /// <summary>Each fold (in order), scored per data set at the point chosen on the images of all other folds.</summary>
    public static IReadOnlyList<FoldScore> ScoreFolds(IReadOnlyList<HeldOutImage> images, EvaluationOptions? options = null)
    {
        var folds = images.Select(i => i.Fold).Distinct().Order().ToList();
        if (folds.Count < 2)
        {
            throw new ArgumentException("Cross-validation needs held-out images of at least two folds.", nameof(images));
        }
        return folds.Select(fold =>
        {
            var (point, _) = Best(images.Where(i => i.Fold != fold).ToList(), options);
            var byDataSet = images.Where(i => i.Fold == fold)
                .GroupBy(i => i.DataSet, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => CountsAt(g, point, options), StringComparer.Ordinal);
            return new FoldScore(fold, point, byDataSet);
        }).ToList();
    }

    /// <summary>Pooled counts of <paramref name="images"/> at <paramref name="point"/>.</summary>
    public static DetectionCounts CountsAt(IEnumerable<HeldOutImage> images, OperatingPoint point, EvaluationOptions? options = null) =>
        images.Aggregate(default(DetectionCounts), (sum, image) =>
            sum + DetectionEvaluator.EvaluateImage(image.Name, image.Truth, ThresholdSweep.Keep(image.DetectionsByPeakRadius[point.PeakRadius], point.Threshold), options).Counts);
}
