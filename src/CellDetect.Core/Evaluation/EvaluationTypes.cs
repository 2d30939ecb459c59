using CellDetect.Core.Detection;

namespace CellDetect.Core.Evaluation;

/// <summary>How detections are paired with annotated cell centres. See docs/evaluation.md.</summary>
public enum MatchingRule
{
    /// <summary>
    /// One-to-one matching within the radius: the largest possible number of pairs, and among those the
    /// smallest total distance (an exact minimum-cost assignment). A second detection on a cell is a false positive.
    /// </summary>
    Strict,

    /// <summary>
    /// The literal rule of Xie et al. (MICCAI 2015): a detection within the radius of any annotated centre is
    /// a true positive and is matched to its nearest centre; centres matched by no detection are false negatives.
    /// Several detections may match one centre and all count as true positives.
    /// </summary>
    Paper,
}

/// <summary>Radius (pixels, inclusive: distance &lt;= radius matches) and matching rule.</summary>
public sealed record EvaluationOptions(double Radius = 5.0, MatchingRule Rule = MatchingRule.Strict)
{
    public static EvaluationOptions Default { get; } = new();

    internal void Validate()
    {
        if (!double.IsFinite(Radius) || Radius < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(Radius), Radius, "The matching radius must be a finite, non-negative number of pixels.");
        }
    }
}

/// <summary>One image's annotated centres and detections.</summary>
public sealed record EvaluationImage(string Name, IReadOnlyList<CellPoint> Truth, IReadOnlyList<CellPoint> Detections);

/// <summary>Detection <see cref="DetectionIndex"/> is matched with annotation <see cref="TruthIndex"/>, <see cref="Distance"/> pixels apart.</summary>
public readonly record struct PointMatch(int DetectionIndex, int TruthIndex, double Distance);

/// <summary>Mean and population standard deviation (divisor n) of <see cref="Count"/> values; NaN when Count is 0.</summary>
public readonly record struct MeanStd(double Mean, double StandardDeviation, int Count)
{
    public static MeanStd Of(IEnumerable<double> values)
    {
        // Two passes for accuracy; the lists here are small.
        var list = values as IReadOnlyCollection<double> ?? values.ToList();
        if (list.Count == 0)
        {
            return new MeanStd(double.NaN, double.NaN, 0);
        }
        double sum = 0;
        foreach (var v in list)
        {
            sum += v;
        }
        var mean = sum / list.Count;
        double squares = 0;
        foreach (var v in list)
        {
            squares += (v - mean) * (v - mean);
        }
        return new MeanStd(mean, Math.Sqrt(squares / list.Count), list.Count);
    }
}

/// <summary>Counts and the derived scores, with the conventions for empty denominators spelled out.</summary>
public readonly record struct DetectionCounts(int TruePositives, int FalsePositives, int FalseNegatives)
{
    /// <summary>TP / (TP + FP); 1 when there are no detections (nothing claimed, nothing wrong).</summary>
    public double Precision => TruePositives + FalsePositives == 0 ? 1.0 : (double)TruePositives / (TruePositives + FalsePositives);

    /// <summary>TP / (TP + FN); 1 when there is nothing to find.</summary>
    public double Recall => TruePositives + FalseNegatives == 0 ? 1.0 : (double)TruePositives / (TruePositives + FalseNegatives);

    /// <summary>2PR / (P + R); 0 when P + R = 0.</summary>
    public double F1
    {
        get
        {
            var (p, r) = (Precision, Recall);
            return p + r == 0 ? 0.0 : 2 * p * r / (p + r);
        }
    }

    public static DetectionCounts operator +(DetectionCounts a, DetectionCounts b) =>
        new(a.TruePositives + b.TruePositives, a.FalsePositives + b.FalsePositives, a.FalseNegatives + b.FalseNegatives);
}

/// <summary>The result for one image.</summary>
public sealed record ImageEvaluation(string Name, int TruthCount, int DetectionCount, DetectionCounts Counts, IReadOnlyList<PointMatch> Matches)
{
    public int TruePositives => Counts.TruePositives;

    public int FalsePositives => Counts.FalsePositives;

    public int FalseNegatives => Counts.FalseNegatives;

    public double Precision => Counts.Precision;

    public double Recall => Counts.Recall;

    public double F1 => Counts.F1;

    /// <summary>En for this image: |TP - number of annotations| (Xie et al.: "the absolute difference between the number of true positive and the ground-truth annotations").</summary>
    public int CountError => Math.Abs(TruePositives - TruthCount);

    /// <summary>Ed over this image's true positives.</summary>
    public MeanStd Distance => MeanStd.Of(Matches.Select(m => m.Distance));
}

/// <summary>All images: micro-averaged scores from the summed counts, Ed over all true positives, En over images.</summary>
public sealed record EvaluationSummary(EvaluationOptions Options, IReadOnlyList<ImageEvaluation> Images, DetectionCounts Counts, MeanStd Ed, MeanStd En)
{
    public int TruePositives => Counts.TruePositives;

    public int FalsePositives => Counts.FalsePositives;

    public int FalseNegatives => Counts.FalseNegatives;

    public double Precision => Counts.Precision;

    public double Recall => Counts.Recall;

    public double F1 => Counts.F1;
}
