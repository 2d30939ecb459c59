using CellDetect.Core.Detection;

namespace CellDetect.Core.Evaluation;

/// <summary>Scores when only detections with Score &gt;= <see cref="Threshold"/> are kept.</summary>
public readonly record struct PrCurvePoint(double Threshold, DetectionCounts Counts)
{
    public double Precision => Counts.Precision;

    public double Recall => Counts.Recall;

    public double F1 => Counts.F1;
}

/// <summary>Points ordered by decreasing threshold (increasing recall, roughly); <see cref="Best"/> has the highest F1.</summary>
public sealed record PrCurve(IReadOnlyList<PrCurvePoint> Points, PrCurvePoint Best);

public static class ThresholdSweep
{
    public const int DefaultMaxThresholds = 200;

    /// <summary>
    /// Re-evaluates all images at each distinct detection score used as threshold (keep Score &gt;= threshold),
    /// subsampled evenly to at most <paramref name="maxThresholds"/> values (the highest and lowest score are
    /// always kept). The best point is the one with the highest F1; ties go to the higher threshold.
    /// </summary>
    public static PrCurve Sweep(IReadOnlyList<EvaluationImage> images, EvaluationOptions? options = null, int maxThresholds = DefaultMaxThresholds)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxThresholds, 2);
        options ??= EvaluationOptions.Default;
        var thresholds = Thresholds(images.SelectMany(i => i.Detections).Select(d => d.Score), maxThresholds);
        var points = new List<PrCurvePoint>(thresholds.Count);
        foreach (var threshold in thresholds)
        {
            var counts = default(DetectionCounts);
            foreach (var image in images)
            {
                var kept = Keep(image.Detections, threshold);
                counts += DetectionEvaluator.EvaluateImage(image.Name, image.Truth, kept, options).Counts;
            }
            points.Add(new PrCurvePoint(threshold, counts));
        }
        if (points.Count == 0)
        {
            // No detections at all: one point, everything missed.
            var counts = images.Aggregate(default(DetectionCounts), (sum, i) => sum + DetectionEvaluator.EvaluateImage(i.Name, i.Truth, Array.Empty<CellPoint>(), options).Counts);
            points.Add(new PrCurvePoint(double.PositiveInfinity, counts));
        }
        var best = points[0];
        foreach (var point in points)
        {
            if (point.F1 > best.F1)
            {
                best = point;
            }
        }
        return new PrCurve(points, best);
    }

    /// <summary>Distinct finite scores, descending, evenly subsampled to at most <paramref name="max"/>.</summary>
    public static IReadOnlyList<double> Thresholds(IEnumerable<double> scores, int max = DefaultMaxThresholds)
    {
        var distinct = scores.Where(double.IsFinite).Distinct().OrderByDescending(s => s).ToArray();
        if (distinct.Length <= max)
        {
            return distinct;
        }
        var picked = new List<double>(max);
        for (int k = 0; k < max; k++)
        {
            var index = (int)Math.Round((double)k * (distinct.Length - 1) / (max - 1));
            if (picked.Count == 0 || picked[^1] != distinct[index])
            {
                picked.Add(distinct[index]);
            }
        }
        return picked;
    }

    /// <summary>The detections with Score &gt;= <paramref name="threshold"/>.</summary>
    public static IReadOnlyList<CellPoint> Keep(IReadOnlyList<CellPoint> detections, double threshold)
    {
        var kept = new List<CellPoint>(detections.Count);
        foreach (var d in detections)
        {
            if (d.Score >= threshold)
            {
                kept.Add(d);
            }
        }
        return kept;
    }
}
