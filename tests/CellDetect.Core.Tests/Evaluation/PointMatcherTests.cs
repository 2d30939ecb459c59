using CellDetect.Core.Detection;
using CellDetect.Core.Evaluation;

namespace CellDetect.Core.Tests.Evaluation;

public class PointMatcherTests
{
    private static CellPoint P(double x, double y, double score = 1.0) => new(x, y, score);

    private static ImageEvaluation Eval(CellPoint[] truth, CellPoint[] detections, MatchingRule rule = MatchingRule.Strict, double radius = 5) =>
        DetectionEvaluator.EvaluateImage("img", truth, detections, new EvaluationOptions(radius, rule));

    [Fact]
    public void Duplicate_detections_on_one_cell_are_one_TP_and_one_FP_under_strict()
    {
        var result = Eval(new[] { P(10, 10) }, new[] { P(11, 10), P(10, 12) });
        Assert.Equal(new DetectionCounts(1, 1, 0), result.Counts);
        Assert.Equal(0, result.Matches.Single().DetectionIndex); // the nearer one
        Assert.Equal(0.5, result.Precision);
        Assert.Equal(1.0, result.Recall);
        Assert.Equal(2.0 / 3.0, result.F1, 12);
    }

    [Fact]
    public void Duplicate_detections_are_both_TP_under_paper_rule()
    {
        var result = Eval(new[] { P(10, 10), P(50, 50) }, new[] { P(11, 10), P(10, 12) }, MatchingRule.Paper);
        Assert.Equal(new DetectionCounts(2, 0, 1), result.Counts);
        Assert.All(result.Matches, m => Assert.Equal(0, m.TruthIndex));
        Assert.Equal(0, result.CountError); // |TP - #truth| = |2 - 2|
    }

    [Fact]
    public void Paper_rule_matches_each_TP_with_its_nearest_centre()
    {
        // The detection lies within r of both centres; it is matched with the nearer one, the other is FN.
        var result = Eval(new[] { P(0, 0), P(6, 0) }, new[] { P(4, 0) }, MatchingRule.Paper);
        Assert.Equal(new DetectionCounts(1, 0, 1), result.Counts);
        Assert.Equal(1, result.Matches.Single().TruthIndex);
        Assert.Equal(2.0, result.Matches.Single().Distance);
    }

    [Theory]
    [InlineData(MatchingRule.Strict)]
    [InlineData(MatchingRule.Paper)]
    public void Distance_exactly_on_the_radius_counts(MatchingRule rule)
    {
        var result = Eval(new[] { P(0, 0) }, new[] { P(3, 4) }, rule);
        Assert.Equal(new DetectionCounts(1, 0, 0), result.Counts);
        Assert.Equal(5.0, result.Matches.Single().Distance);
        var outside = Eval(new[] { P(0, 0) }, new[] { P(3, 4.0001) }, rule);
        Assert.Equal(new DetectionCounts(0, 1, 1), outside.Counts);
    }

    [Fact]
    public void Hungarian_finds_more_matches_than_greedy_nearest()
    {
        // Greedy takes the globally nearest pair d0-B (3.5) and leaves d1 without a partner;
        // the optimum pairs d0-A (4.5) and d1-B (4).
        var truth = new[] { P(0, 0), P(8, 0) };
        var detections = new[] { P(4.5, 0), P(12, 0) };
        var result = Eval(truth, detections);
        Assert.Equal(new DetectionCounts(2, 0, 0), result.Counts);
        Assert.Contains(new PointMatch(0, 0, 4.5), result.Matches);
        Assert.Contains(new PointMatch(1, 1, 4.0), result.Matches);
    }

    [Fact]
    public void Among_maximum_matchings_the_total_distance_is_minimal()
    {
        var result = Eval(new[] { P(0, 0), P(3, 0) }, new[] { P(1, 0), P(2, 0) });
        Assert.Equal(new[] { new PointMatch(0, 0, 1), new PointMatch(1, 1, 1) }, result.Matches);
        Assert.Equal(1.0, result.Distance.Mean);
    }

    [Fact]
    public void Maximum_count_wins_over_small_distance()
    {
        // Pairing d0 with its very close A would leave d1 unmatched; two far pairs beat one close pair.
        var truth = new[] { P(0, 0), P(5, 0) };
        var detections = new[] { P(0.1, 0), P(-5, 0) };
        var result = Eval(truth, detections);
        Assert.Equal(2, result.TruePositives);
        Assert.Contains(new PointMatch(1, 0, 5.0), result.Matches);
        Assert.Contains(new PointMatch(0, 1, 4.9), result.Matches);
    }

    [Fact]
    public void Exact_ties_give_a_deterministic_one_to_one_result()
    {
        // Two detections equidistant from two centres: both matched, each centre once.
        var truth = new[] { P(0, 0), P(0, 4) };
        var detections = new[] { P(-1, 2), P(1, 2) };
        var first = Eval(truth, detections);
        var second = Eval(truth, detections);
        Assert.Equal(2, first.TruePositives);
        Assert.Equal(first.Matches, second.Matches);
        Assert.Equal(2, first.Matches.Select(m => m.TruthIndex).Distinct().Count());
    }

    [Fact]
    public void Empty_truth_and_empty_detections_follow_the_documented_conventions()
    {
        var none = Array.Empty<CellPoint>();
        var both = Eval(none, none);
        Assert.Equal((1.0, 1.0, 1.0), (both.Precision, both.Recall, both.F1));
        var noTruth = Eval(none, new[] { P(1, 1) });
        Assert.Equal(new DetectionCounts(0, 1, 0), noTruth.Counts);
        Assert.Equal((0.0, 1.0, 0.0), (noTruth.Precision, noTruth.Recall, noTruth.F1));
        var noDetections = Eval(new[] { P(1, 1), P(20, 20) }, none);
        Assert.Equal(new DetectionCounts(0, 0, 2), noDetections.Counts);
        Assert.Equal((1.0, 0.0, 0.0), (noDetections.Precision, noDetections.Recall, noDetections.F1));
        Assert.Equal(2, noDetections.CountError);
        Assert.Equal(0, noDetections.Distance.Count);
        Assert.True(double.IsNaN(noDetections.Distance.Mean));
    }

    [Fact]
    public void Zero_radius_matches_only_identical_points()
    {
        var result = Eval(new[] { P(1, 1), P(2, 2) }, new[] { P(1, 1), P(2, 2.5) }, radius: 0);
        Assert.Equal(new DetectionCounts(1, 1, 1), result.Counts);
    }

    [Fact]
    public void Negative_radius_is_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Eval(new[] { P(0, 0) }, new[] { P(0, 0) }, radius: -1));
    }

    [Fact]
    public void Strict_matching_equals_brute_force_on_random_clusters()
    {
        var random = new Random(1234);
        for (int trial = 0; trial < 300; trial++)
        {
            var truth = Enumerable.Range(0, random.Next(0, 6)).Select(_ => P(random.NextDouble() * 12, random.NextDouble() * 12)).ToArray();
            var detections = Enumerable.Range(0, random.Next(0, 6)).Select(_ => P(random.NextDouble() * 12, random.NextDouble() * 12)).ToArray();
            var matches = PointMatcher.MatchStrict(truth, detections, 5);
            var (count, total) = BruteForce(truth, detections, 5);
            Assert.Equal(count, matches.Count);
            Assert.Equal(total, matches.Sum(m => m.Distance), 9);
            Assert.Equal(matches.Count, matches.Select(m => m.TruthIndex).Distinct().Count());
            Assert.Equal(matches.Count, matches.Select(m => m.DetectionIndex).Distinct().Count());
            Assert.All(matches, m => Assert.True(m.Distance <= 5));
        }
    }

    [Fact]
    public void Thousands_of_points_match_quickly()
    {
        var random = new Random(7);
        var truth = new List<CellPoint>();
        var detections = new List<CellPoint>();
        for (int y = 0; y < 100; y++)
        {
            for (int x = 0; x < 100; x++)
            {
                truth.Add(P(x * 9 + random.NextDouble(), y * 9 + random.NextDouble()));
                detections.Add(P(x * 9 + random.NextDouble() * 4 - 2, y * 9 + random.NextDouble() * 4 - 2));
            }
        }
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var result = Eval(truth.ToArray(), detections.ToArray());
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"took {watch.Elapsed}");
        Assert.Equal(10000, result.TruePositives);
    }

    private static (int Count, double Total) BruteForce(CellPoint[] truth, CellPoint[] detections, double radius)
    {
        var best = (Count: 0, Total: 0.0);
        var used = new bool[truth.Length];
        void Recurse(int d, int count, double total)
        {
            if (d == detections.Length)
            {
                if (count > best.Count || (count == best.Count && total < best.Total - 1e-12))
                {
                    best = (count, total);
                }
                return;
            }
            Recurse(d + 1, count, total);
            for (int t = 0; t < truth.Length; t++)
            {
                var distance = Math.Sqrt(Math.Pow(truth[t].X - detections[d].X, 2) + Math.Pow(truth[t].Y - detections[d].Y, 2));
                if (!used[t] && distance <= radius)
                {
                    used[t] = true;
                    Recurse(d + 1, count + 1, total + distance);
                    used[t] = false;
                }
            }
        }
        Recurse(0, 0, 0);
        return best;
    }
}
