using CellDetect.Core.Datasets;

namespace CellDetect.Core.Tests.Datasets;

public sealed class CrossValidationFoldsTests
{
    private static readonly (string, string)[] Images =
        [.. Enumerable.Range(0, 23).Select(i => ("a", $"a{i}")), .. Enumerable.Range(0, 7).Select(i => ("b", $"b{i}")), ("c", "c0"), ("c", "c1")];

    [Fact]
    public void EveryDataSetIsSpreadEvenlyOverTheFolds()
    {
        var folds = CrossValidationFolds.Assign(Images, 5, seed: 3);
        Assert.Equal(Images.Length, folds.Count);
        foreach (var set in Images.GroupBy(i => i.Item1))
        {
            var sizes = Enumerable.Range(0, 5).Select(f => set.Count(i => folds[i] == f)).ToList();
            Assert.True(sizes.Max() - sizes.Min() <= 1, $"{set.Key}: {string.Join(",", sizes)}");
        }
    }

    [Fact]
    public void TheSeedDecidesTheFoldsAndNothingElseDoes()
    {
        var first = CrossValidationFolds.Assign(Images, 4, seed: 1);
        Assert.Equal(first, CrossValidationFolds.Assign(Images.Reverse(), 4, seed: 1));
        Assert.NotEqual(first, CrossValidationFolds.Assign(Images, 4, seed: 2));
    }

    [Fact]
    public void FewerThanTwoFoldsAreRefused() => Assert.Throws<ArgumentOutOfRangeException>(() => CrossValidationFolds.Assign(Images, 1, seed: 1));
}
