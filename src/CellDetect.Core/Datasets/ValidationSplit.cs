namespace CellDetect.Core.Datasets;

/// <summary>
/// A reproducible train/validation split of one data set: images are ordered by a seeded FNV-1a hash
/// of their names and the first ceil(fraction * n) go to validation (at least one when there are two
/// or more images, never all). Depends only on names, seed and fraction, so results can be recomputed
/// on the same split by anyone.
/// </summary>
public static class ValidationSplit
{
    public static (IReadOnlyList<string> Training, IReadOnlyList<string> Validation) Split(IEnumerable<string> names, double fraction, int seed)
    {
        var ordered = OrderBySeededHash(names, seed);
        var count = ordered.Count < 2 || fraction <= 0 ? 0 : Math.Clamp((int)Math.Ceiling(fraction * ordered.Count), 1, ordered.Count - 1);
        var validation = ordered.Take(count).OrderBy(n => n, StringComparer.Ordinal).ToList();
        var training = ordered.Skip(count).OrderBy(n => n, StringComparer.Ordinal).ToList();
        return (training, validation);
    }

    /// <summary>The names in the order the split takes them: by their seeded hash, ties by name.</summary>
    public static IReadOnlyList<string> OrderBySeededHash(IEnumerable<string> names, int seed) =>
        names.OrderBy(n => Hash(n, seed)).ThenBy(n => n, StringComparer.Ordinal).ToList();

    private static ulong Hash(string name, int seed)
    {
        var hash = 14695981039346656037UL ^ (ulong)(uint)seed;
        foreach (var ch in name)
        {
            hash = (hash ^ ch) * 1099511628211UL;
        }
        return hash;
    }
}
