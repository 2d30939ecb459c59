using CellDetect.Core.Detection;
using CellDetect.Core.Evaluation;

namespace CellDetect.Core.Tests.Evaluation;

public class DetectionEvaluatorTests
{
    private static CellPoint P(double x, double y, double score = 1.0) => new(x, y, score);

    [Fact]
    public void Totals_are_micro_averaged_and_Ed_En_follow_the_paper()
    {
        var images = new[]
        {
            // 2 TP (distances 3 and 4), 1 FP, 1 FN
            new EvaluationImage("a", new[] { P(0, 0), P(20, 0), P(40, 0) }, new[] { P(3, 0), P(20, 4), P(100, 100) }),
            // 1 TP (distance 0), 0 FP, 0 FN
            new EvaluationImage("b", new[] { P(5, 5) }, new[] { P(5, 5) }),
        };
        var summary = DetectionEvaluator.Evaluate(images);
        Assert.Equal(new DetectionCounts(3, 1, 1), summary.Counts);
        Assert.Equal(0.75, summary.Precision);
        Assert.Equal(0.75, summary.Recall);
        Assert.Equal(0.75, summary.F1, 12);
        // Ed over all three TPs: 3, 4, 0
        Assert.Equal(7.0 / 3.0, summary.Ed.Mean, 12);
        Assert.Equal(Math.Sqrt(((3 - 7.0 / 3) * (3 - 7.0 / 3) + (4 - 7.0 / 3) * (4 - 7.0 / 3) + (7.0 / 3) * (7.0 / 3)) / 3), summary.Ed.StandardDeviation, 12);
        Assert.Equal(3, summary.Ed.Count);
        // En per image: |2-3| = 1, |1-1| = 0
        Assert.Equal(0.5, summary.En.Mean);
        Assert.Equal(0.5, summary.En.StandardDeviation);
        Assert.Equal(2, summary.En.Count);
    }

    [Fact]
    public void Sweep_gives_one_point_per_distinct_score_and_the_best_F1()
    {
        var truth = new[] { P(0, 0), P(20, 0), P(40, 0) };
        var detections = new[] { P(0, 0, 0.9), P(20, 1, 0.8), P(70, 70, 0.7), P(40, 1, 0.6), P(90, 90, 0.5) };
        var curve = ThresholdSweep.Sweep(new[] { new EvaluationImage("a", truth, detections) });
        Assert.Equal(new[] { 0.9, 0.8, 0.7, 0.6, 0.5 }, curve.Points.Select(p => p.Threshold));
        Assert.Equal(new DetectionCounts(1, 0, 2), curve.Points[0].Counts);
        Assert.Equal(new DetectionCounts(2, 1, 1), curve.Points[2].Counts);
        Assert.Equal(new DetectionCounts(3, 2, 0), curve.Points[4].Counts);
        // F1: 0.5, 0.8, 0.667, 0.857, 0.75
        Assert.Equal(0.6, curve.Best.Threshold);
        Assert.Equal(6.0 / 7.0, curve.Best.F1, 12);
    }

    [Fact]
    public void Sweep_subsamples_to_the_requested_number_of_thresholds_keeping_both_ends()
    {
        var scores = Enumerable.Range(0, 1000).Select(i => i / 1000.0).ToArray();
        var thresholds = ThresholdSweep.Thresholds(scores, 200);
        Assert.Equal(200, thresholds.Count);
        Assert.Equal(0.999, thresholds[0]);
        Assert.Equal(0.0, thresholds[^1]);
        Assert.True(thresholds.Zip(thresholds.Skip(1)).All(p => p.First > p.Second));
    }

    [Fact]
    public void Sweep_without_detections_has_one_all_missed_point()
    {
        var curve = ThresholdSweep.Sweep(new[] { new EvaluationImage("a", new[] { P(1, 1) }, Array.Empty<CellPoint>()) });
        Assert.Equal(new DetectionCounts(0, 0, 1), curve.Best.Counts);
    }

    [Fact]
    public void Hungarian_solves_a_rectangular_problem()
    {
        var cost = new double[,] { { 4, 1, 6 }, { 2, 0, 5 } };
        Assert.Equal(new[] { 1, 0 }, Hungarian.Solve(cost)); // 1 + 2 = 3 beats 4 + 0 and 6 + 0
    }
}
