namespace CellDetect.Core.Datasets;

/// <summary>
/// k-fold cross-validation by image, stratified by data set: within each data set the images are ordered by the
/// seeded name hash of <see cref="ValidationSplit"/> and dealt to the folds in turn, so every fold holds about 1/k of
/// each data set (and, with k at most the smallest set's size, at least one image of each). Depends only on the
/// names, the data sets, k and the seed, so the folds can be recomputed by anyone.
/// </summary>
public static class CrossValidationFolds
{
    /// <summary>The fold (0 to k - 1) of each image, keyed by (data set, name).</summary>
    public static IReadOnlyDictionary<(string DataSet, string Name), int> Assign(IEnumerable<(string DataSet, string Name)> images, int folds, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(folds, 2);
        var assignment = new Dictionary<(string DataSet, string Name), int>();
        foreach (var dataSet in images.GroupBy(i => i.DataSet, StringComparer.Ordinal))
        {
            var ordered = ValidationSplit.OrderBySeededHash(dataSet.Select(i => i.Name), seed);
            for (int i = 0; i < ordered.Count; i++)
            {
                assignment.Add((dataSet.Key, ordered[i]), i % folds);
            }
        }
        return assignment;
    }
}
