using CellDetect.Core.Detection;
using CellDetect.Core.Imaging;
using CellDetect.Model;

namespace CellDetect.Pipeline;

/// <summary>
/// The cells found, in the input's pixel coordinates (a region's offset added back), and how they were
/// found. <see cref="Image"/> is the image as read when it was read whole (for overlays); null when streamed.
/// <see cref="Map"/> is the proximity map of the detected area in the model's pixel grid, when asked for.
/// </summary>
public sealed record DetectionOutcome
{
    public required IReadOnlyList<CellPoint> Cells { get; init; }

    public required ModelChoice Model { get; init; }

    /// <summary>Where the network ran, and in which number format.</summary>
    public required ComputeDevice Device { get; init; }

    public required int Stride { get; init; }

    public required double Threshold { get; init; }

    /// <summary>The whole input's size (not the region's).</summary>
    public required int Width { get; init; }

    public required int Height { get; init; }

    public required int Page { get; init; }

    public PixelRegion? Region { get; init; }

    /// <summary>Model pixels per image pixel (1 when the image was not rescaled).</summary>
    public double MapScale { get; init; } = 1.0;

    /// <summary>The image's typical cell diameter in pixels when it was estimated from the image to set the scale (a model trained at one cell size, an image without calibration); else null.</summary>
    public double? EstimatedCellDiameter { get; init; }

    /// <summary>True when the map is the mean of the 8 flips and 90-degree rotations (test-time augmentation).</summary>
    public bool MapsAveraged { get; init; }

    public float[]? Map { get; init; }

    public int MapWidth { get; init; }

    public int MapHeight { get; init; }

    public PlanarImage? Image { get; init; }

    /// <summary>Things the user should know that did not stop the detection (non-finite pixels masked, outputs skipped).</summary>
    public IReadOnlyList<string> Warnings { get; init; } = Array.Empty<string>();

    public required DetectionTimings Timings { get; init; }
}

/// <summary>
/// The model that ran: its name (from its metadata), how the request or the choice named it (a
/// built-in name or a file path), and why it was chosen when the request named none.
/// </summary>
public sealed record ModelChoice(string Name, string Source, string? Reason);

/// <summary>Milliseconds spent reading the input, waiting for the device, and detecting (waiting included).</summary>
public sealed record DetectionTimings(double ReadMs, double QueuedMs, double DetectMs, double TotalMs);
