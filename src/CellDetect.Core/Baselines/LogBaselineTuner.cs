using System.Runtime.CompilerServices;
using CellDetect.Core.Detection;
using CellDetect.Core.Evaluation;
using CellDetect.Core.Imaging;

namespace CellDetect.Core.Baselines;

/// <summary>One annotated training image for <see cref="LogBaselineTuner"/>.</summary>
public sealed record LogTrainingImage(string Name, PlanarImage Image, IReadOnlyList<CellPoint> Truth);

/// <summary>The grid the tuner searches and how it scores (strict matching at 5 px by default).</summary>
public sealed record LogTuningOptions
{
    public static IReadOnlyList<double> DefaultSigmas { get; } = new[] { 2.0, 3.0, 4.0, 5.0, 6.0, 8.0 };

    public static IReadOnlyList<BlobPolarity> DefaultPolarities { get; } = new[] { BlobPolarity.Auto, BlobPolarity.Bright, BlobPolarity.Dark };

    public IReadOnlyList<double> Sigmas { get; init; } = DefaultSigmas;

    public IReadOnlyList<BlobPolarity> Polarities { get; init; } = DefaultPolarities;

    public EvaluationOptions Evaluation { get; init; } = new(5.0, MatchingRule.Strict);

    /// <summary>Thresholds of the coarse <see cref="ThresholdSweep"/> per (sigma, polarity).</summary>
    public int CoarseThresholds { get; init; } = 24;

    /// <summary>Thresholds of the fine sweep between the coarse best's two neighbours.</summary>
    public int FineThresholds { get; init; } = 40;
}

/// <summary>The training score of one grid point at its best threshold.</summary>
public sealed record LogGridPoint(double Sigma, BlobPolarity Polarity, double Threshold, DetectionCounts Counts, MeanStd Ed)
{
    public double F1 => Counts.F1;
}

/// <summary>The chosen parameters, their training scores, and every grid point.</summary>
public sealed record LogTuningResult(LogBlobParameters Parameters, DetectionCounts TrainingCounts, IReadOnlyList<LogGridPoint> Grid, int Images, int Cells)
{
    public double TrainingF1 => TrainingCounts.F1;

    public double TrainingPrecision => TrainingCounts.Precision;

    public double TrainingRecall => TrainingCounts.Recall;
}

/// <summary>
/// Tunes the LoG baseline on annotated images: for every sigma and polarity in the grid, all positive peaks of every
/// training image are collected and the best-F1 threshold is found coarse to fine (a <see cref="ThresholdSweep"/> over
/// <see cref="LogTuningOptions.CoarseThresholds"/> scores, then <see cref="LogTuningOptions.FineThresholds"/> scores
/// between the coarse best's neighbours; ties to the higher threshold, as in the sweep); the (sigma, polarity,
/// threshold) with the best training F1 wins; on equal F1 the one with the smaller mean localisation error Ed (the scale
/// that fits the cells best), then the earlier grid point.
/// Images are read once, one at a time (the enumeration may load lazily), and only their peaks are kept. When Auto picks
/// the same polarity for every image, its grid points reuse that fixed polarity's sweep.
/// </summary>
public static class LogBaselineTuner
{
    public static LogTuningResult Tune(IEnumerable<LogTrainingImage> images, LogTuningOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(images);
        options ??= new LogTuningOptions();
        if (options.Sigmas.Count == 0 || options.Polarities.Count == 0)
        {
            throw new ArgumentException("The tuning grid needs at least one sigma and one polarity.", nameof(options));
        }
        var sigmas = options.Sigmas;
        var polarities = options.Polarities;
        // peaks[s][p] = one EvaluationImage per training image.
        var perGrid = new List<EvaluationImage>[sigmas.Count, polarities.Count];
        for (int s = 0; s < sigmas.Count; s++)
        {
            for (int p = 0; p < polarities.Count; p++)
            {
                perGrid[s, p] = new List<EvaluationImage>();
            }
        }
        int count = 0, cells = 0;
        foreach (var training in images)
        {
            count++;
            cells += training.Truth.Count;
            var image = training.Image;
            var mean = LogBlobDetector.NormalizedMean(image);
            var auto = LogBlobDetector.AutoPolarity(mean);
            for (int s = 0; s < sigmas.Count; s++)
            {
                var response = LogBlobDetector.Response(mean, image.Width, image.Height, sigmas[s]);
                var byPolarity = new Dictionary<BlobPolarity, List<CellPoint>>();
                for (int p = 0; p < polarities.Count; p++)
                {
                    var resolved = polarities[p] == BlobPolarity.Auto ? auto : polarities[p];
                    if (!byPolarity.TryGetValue(resolved, out var peaks))
                    {
                        byPolarity[resolved] = peaks = LogBlobDetector.Peaks(response, image.Width, image.Height, resolved, sigmas[s], 0);
                    }
                    perGrid[s, p].Add(new EvaluationImage(training.Name, training.Truth, peaks));
                }
            }
        }
        if (count == 0)
        {
            throw new ArgumentException("No training images to tune on.", nameof(images));
        }

        var grid = new List<LogGridPoint>();
        LogGridPoint? best = null;
        for (int s = 0; s < sigmas.Count; s++)
        {
            var done = new Dictionary<string, LogGridPoint>(StringComparer.Ordinal);
            for (int p = 0; p < polarities.Count; p++)
            {
                // Same peaks (by reference) for every image = same sweep.
                var key = string.Join(",", perGrid[s, p].Select(i => RuntimeHelpers.GetHashCode(i.Detections)));
                if (!done.TryGetValue(key, out var swept))
                {
                    var (threshold, counts) = BestThreshold(perGrid[s, p], options);
                    var kept = perGrid[s, p].Select(i => i with { Detections = i.Detections.Where(d => d.Score >= threshold).ToList() });
                    var ed = DetectionEvaluator.Evaluate(kept, options.Evaluation).Ed;
                    done[key] = swept = new LogGridPoint(sigmas[s], polarities[p], threshold, counts, ed);
                }
                var point = swept with { Polarity = polarities[p] };
                grid.Add(point);
                if (best is null || point.F1 > best.F1 || (point.F1 == best.F1 && Less(point.Ed.Mean, best.Ed.Mean)))
                {
                    best = point;
                }
            }
        }
        // The sweep keeps score >= threshold, PeakFinder keeps score > threshold: step just below the swept score so
        // that the detector reproduces the swept point (an infinite threshold means that nothing was found).
        var chosen = double.IsFinite(best!.Threshold) ? BelowScore(best.Threshold) : double.MaxValue;
        return new LogTuningResult(new LogBlobParameters(best.Sigma, best.Polarity, chosen), best.Counts, grid, count, cells);
    }

    /// <summary>The threshold (keep score &gt;= it) with the best F1, coarse to fine.</summary>
    private static (double Threshold, DetectionCounts Counts) BestThreshold(IReadOnlyList<EvaluationImage> images, LogTuningOptions options)
    {
        var coarse = ThresholdSweep.Sweep(images, options.Evaluation, Math.Max(2, options.CoarseThresholds));
        var points = coarse.Points;
        var at = -1;
        for (int i = 0; i < points.Count; i++)
        {
            if (points[i].Threshold == coarse.Best.Threshold)
            {
                at = i;
                break;
            }
        }
        var best = coarse.Best;
        if (at < 0 || !double.IsFinite(best.Threshold))
        {
            return (best.Threshold, best.Counts);
        }
        var above = at > 0 ? points[at - 1].Threshold : double.PositiveInfinity;
        var below = at < points.Count - 1 ? points[at + 1].Threshold : double.NegativeInfinity;
        var scores = images.SelectMany(i => i.Detections).Select(d => d.Score).Where(v => v < above && v > below && v != best.Threshold);
        var candidates = ThresholdSweep.Thresholds(scores, Math.Max(2, options.FineThresholds)).Append(best.Threshold).OrderByDescending(t => t);
        PrCurvePoint? winner = null;
        foreach (var threshold in candidates)
        {
            var point = threshold == best.Threshold ? best : new PrCurvePoint(threshold, CountsAt(images, threshold, options.Evaluation));
            if (winner is null || point.F1 > winner.Value.F1)
            {
                winner = point;
            }
        }
        return (winner!.Value.Threshold, winner.Value.Counts);
    }

    private static DetectionCounts CountsAt(IReadOnlyList<EvaluationImage> images, double threshold, EvaluationOptions evaluation)
    {
        var counts = default(DetectionCounts);
        foreach (var image in images)
        {
            var kept = image.Detections.Where(d => d.Score >= threshold).ToList();
            counts += DetectionEvaluator.EvaluateImage(image.Name, image.Truth, kept, evaluation).Counts;
        }
        return counts;
    }

    private static bool Less(double a, double b) => !double.IsNaN(a) && (double.IsNaN(b) || a < b);

    /// <summary>The largest value strictly below the float <paramref name="score"/>, so that "score &gt; result" keeps it.</summary>
    private static double BelowScore(double score) => MathF.BitDecrement((float)score);
}
