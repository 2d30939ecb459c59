using CellDetect.Core.Detection;

namespace CellDetect.Model.Inference;

/// <summary>
/// Detected cells in the input image's pixel coordinates. Map is the fused proximity map in the
/// model's pixel grid (MapScale model pixels per image pixel), present when asked for. Queued is the
/// time spent waiting for the device behind other detections.
/// </summary>
public sealed record DetectionResult(IReadOnlyList<CellPoint> Cells, int Stride, double Threshold, double MapScale, float[]? Map, int MapWidth, int MapHeight)
{
    public TimeSpan Queued { get; init; }

    /// <summary>The image's typical cell diameter in pixels when it was estimated from the image to set the scale; else null.</summary>
    public double? EstimatedCellDiameter { get; init; }
}
