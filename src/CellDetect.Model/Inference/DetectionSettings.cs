namespace CellDetect.Model.Inference;

/// <summary>Per-request overrides of the model's defaults; null means "as the model file says".</summary>
public sealed record DetectionSettings(int? Stride = null, double? Threshold = null, ScanStrategy Strategy = ScanStrategy.FullyConvolutional, bool KeepMap = false);
