using CellDetect.Core.Detection;
using CellDetect.Core.Evaluation;

namespace CellDetect.Core.Tests.Evaluation;

public sealed class CrossValidatedOperatingPointTests
{
    /// <summary>Ten cells in a row; each is detected with score 0.8, and there are false detections scoring <paramref name="falseScore"/>.</summary>
    private static HeldOutImage Image(string dataSet, int fold, double falseScore, int falseCount = 10)
    {
        var truth = Enumerable.Range(0, 10).Select(i => new CellPoint(20 * i, 0)).ToList();
        var found = truth.Select(c => c with { Score = 0.8 }).Concat(Enumerable.Range(0, falseCount).Select(i => new CellPoint(20 * i, 50, falseScore))).ToList();
        var merged = found.Where(c => c.Y > 0 || (int)c.X % 40 == 0).ToList(); // radius 5 merges neighbours: half the cells lost
        return new HeldOutImage(dataSet, $"{dataSet}{fold}{falseScore}", fold, truth, new Dictionary<int, IReadOnlyList<CellPoint>> { [2] = found, [5] = merged });
    }

    [Fact]
    public void TheBestPointHasTheHighestPooledF1()
    {
        var (point, counts) = CrossValidatedOperatingPoint.Best([Image("a", 1, 0.3), Image("a", 2, 0.3)]);
        Assert.Equal(2, point.PeakRadius);
        Assert.InRange(point.Threshold, 0.3 + 1e-9, 0.8);
        Assert.Equal(new DetectionCounts(20, 0, 0), counts);
    }

    [Fact]
    public void EachFoldIsScoredAtThePointChosenOnTheOthers()
    {
        // Fold 1's false detections score 0.9, above its cells: on its own it would pick a threshold above 0.9 and find
        // nothing false, but it must be scored at the point fold 2 chose (which keeps them).
        var images = new[] { Image("a", 1, 0.9), Image("b", 1, 0.9, falseCount: 2), Image("a", 2, 0.3) };
        var folds = CrossValidatedOperatingPoint.ScoreFolds(images);
        Assert.Equal([1, 2], folds.Select(f => f.Fold));
        var first = folds[0];
        Assert.Equal(CrossValidatedOperatingPoint.Best([images[2]]).Point, first.Chosen);
        Assert.Equal(new DetectionCounts(10, 10, 0), first.ByDataSet["a"]);
        Assert.Equal(new DetectionCounts(10, 2, 0), first.ByDataSet["b"]);
        Assert.Equal(["a"], folds[1].ByDataSet.Keys);
    }

    [Fact]
    public void OneFoldIsNotACrossValidation() =>
        Assert.Throws<ArgumentException>(() => CrossValidatedOperatingPoint.ScoreFolds([Image("a", 1, 0.3)]));
}
