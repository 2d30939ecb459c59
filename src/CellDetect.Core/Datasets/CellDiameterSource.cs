namespace CellDetect.Core.Datasets;

/// <summary>How a model trained at one cell size measured the cells of each training image before rescaling them.</summary>
public enum CellDiameterSource
{
    /// <summary>Each data set's median diameter at its clicks (<see cref="CellDiameterEstimator.Estimate"/>), one scale per folder.</summary>
    Clicks,

    /// <summary>
    /// Each image's own estimate from its pixels (<see cref="CellDiameterEstimator.EstimateFromImage"/>), the one
    /// detection makes for an uncalibrated image: training and detection rescale by the same rule, so the estimator's
    /// bias on a kind of image (H&amp;E chromatin reads small) is the same on both sides.
    /// </summary>
    Image,
}
