namespace CellDetect.Model.Training;

/// <summary>
/// Which training image each crop is cut from (<see cref="CropSampling"/>). One draw of the generator picks the group
/// (a data set, or all images as one) and, with what is left of it, an image of the group in proportion to its area,
/// so that drawing by area takes exactly the images it took before data sets could be balanced.
/// </summary>
public sealed class TrainingImageDraw
{
    private readonly int[][] members;
    private readonly double[][] cumulativeAreas;

    /// <param name="images">Each image's data set and area (pixels), in the order the drawn indices refer to.</param>
    public TrainingImageDraw(IReadOnlyList<(string DataSet, long Area)> images, CropSampling sampling)
    {
        ArgumentOutOfRangeException.ThrowIfZero(images.Count);
        var indices = Enumerable.Range(0, images.Count);
        members = (sampling == CropSampling.DataSetsEqually
            ? indices.GroupBy(i => images[i].DataSet, StringComparer.Ordinal).Select(g => g.ToArray())
            : [indices.ToArray()]).ToArray();
        cumulativeAreas = members.Select(group =>
        {
            double total = 0;
            return group.Select(i => total += images[i].Area).ToArray();
        }).ToArray();
    }

    /// <summary>The index of the next image.</summary>
    public int Next(Random random)
    {
        var draw = random.NextDouble() * members.Length;
        var group = Math.Min((int)draw, members.Length - 1);
        var cumulative = cumulativeAreas[group];
        var found = Array.BinarySearch(cumulative, (draw - group) * cumulative[^1]);
        return members[group][found >= 0 ? found : Math.Min(~found, cumulative.Length - 1)];
    }
}
