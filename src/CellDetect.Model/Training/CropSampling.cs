namespace CellDetect.Model.Training;

/// <summary>How the training image of each crop is drawn.</summary>
public enum CropSampling
{
    /// <summary>In proportion to its area (how the built-in models were trained): large images, and data sets of many or large images, are seen most.</summary>
    ByArea,

    /// <summary>
    /// Each data set (folder) equally often, and within it by area: a set of 14 large images is not drowned by one of
    /// 100 small ones, which matters once training at one cell size shrinks the large-celled set (docs/results.md).
    /// </summary>
    DataSetsEqually,
}
