using System.Collections.Concurrent;
using CellDetect.Core.Datasets;
using CellDetect.Core.Imaging;

namespace CellDetect.Cli.Training;

/// <summary>
/// Each image's cell diameter estimated from its pixels (<see cref="CellDiameterEstimator.EstimateFromImage"/>, about a
/// second per image), measured once per image however many folds train on it.
/// </summary>
public sealed class ImageCellDiameters
{
    private readonly ConcurrentDictionary<PlanarImage, double?> estimates = new(ReferenceEqualityComparer.Instance);

    /// <summary>The image's estimate; null for an image in which nothing looks like a cell.</summary>
    public double? Of(PlanarImage image) => estimates.GetOrAdd(image, i => CellDiameterEstimator.EstimateFromImage(i));
}
