using CellDetect.Core.Detection;

namespace CellDetect.Core.Evaluation;

/// <summary>The evaluator's entry points: one image, or a set of images with micro-averaged totals.</summary>
public static class DetectionEvaluator
{
    public static ImageEvaluation EvaluateImage(EvaluationImage image, EvaluationOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(image);
        return EvaluateImage(image.Name, image.Truth, image.Detections, options);
    }

    public static ImageEvaluation EvaluateImage(string name, IReadOnlyList<CellPoint> truth, IReadOnlyList<CellPoint> detections, EvaluationOptions? options = null)
    {
        options ??= EvaluationOptions.Default;
        var matches = PointMatcher.Match(truth, detections, options);
        var tp = matches.Count;
        var fp = detections.Count - tp;
        // Strict: every match uses its own annotation. Paper: annotations matched by no detection are FN.
        var fn = truth.Count - matches.Select(m => m.TruthIndex).Distinct().Count();
        return new ImageEvaluation(name, truth.Count, detections.Count, new DetectionCounts(tp, fp, fn), matches);
    }

    public static EvaluationSummary Evaluate(IEnumerable<EvaluationImage> images, EvaluationOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(images);
        options ??= EvaluationOptions.Default;
        var results = images.Select(image => EvaluateImage(image, options)).ToList();
        return Summarize(results, options);
    }

    /// <summary>Totals over already evaluated images.</summary>
    public static EvaluationSummary Summarize(IReadOnlyList<ImageEvaluation> results, EvaluationOptions options)
    {
        var counts = results.Aggregate(default(DetectionCounts), (sum, r) => sum + r.Counts);
        var ed = MeanStd.Of(results.SelectMany(r => r.Matches).Select(m => m.Distance));
        var en = MeanStd.Of(results.Select(r => (double)r.CountError));
        return new EvaluationSummary(options, results, counts, ed, en);
    }
}
