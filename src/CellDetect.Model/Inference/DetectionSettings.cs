namespace CellDetect.Model.Inference;

/// <summary>
/// Per-request overrides of the model's defaults; null means "as the model file says". Scale is the
/// factor the image is resized by before detection (0.5 halves it, for cells twice the size the model
/// was trained on); null derives it from CellDiameterPixels (the typical cell diameter in the image, against
/// the diameter the model records), else from the image's and the model's pixel sizes. PeakRadius is the
/// half-width of the non-maximum suppression window. TestTimeAugmentation averages the maps of the 8 flips
/// and rotations of the image (8 times the work).
/// </summary>
public sealed record DetectionSettings(
    int? Stride = null,
    double? Threshold = null,
    ScanStrategy Strategy = ScanStrategy.FullyConvolutional,
    bool KeepMap = false,
    double? Scale = null,
    int? PeakRadius = null,
    double? CellDiameterPixels = null,
    bool TestTimeAugmentation = false);
