using CellDetect.Model.Inference;

namespace CellDetect.Pipeline;

/// <summary>
/// How to detect. Null means "as the model says" (stride, threshold, peak radius) or "from the image"
/// (the model: chosen by the image's channels and background; the pixel size: from the file).
/// </summary>
public sealed record DetectionRequest
{
    public const int MaxStride = 64;

    public const int MaxPeakRadius = 32;

    public const double MaxScale = 8;

    /// <summary>Largest cell diameter accepted, in pixels: far beyond any nucleus at a usable magnification.</summary>
    public const double MaxCellDiameter = 1000;

    /// <summary>A model file path or a built-in name; null chooses a built-in model from the image.</summary>
    public string? Model { get; init; }

    public double? Threshold { get; init; }

    public int? Stride { get; init; }

    public int? PeakRadius { get; init; }

    /// <summary>The image's pixel size, overriding the file's; the image is rescaled when it differs from the model's.</summary>
    public double? PixelSizeMicrons { get; init; }

    /// <summary>
    /// Typical cell (nucleus) diameter in the image, in pixels, for images without calibration: the image is rescaled by
    /// the model's recorded diameter over this one. Overrides the pixel sizes; <see cref="Scale"/> overrides it.
    /// </summary>
    public double? CellDiameterPixels { get; init; }

    /// <summary>Resize factor before detection (0.5 halves the image), overriding the pixel sizes and the cell diameter.</summary>
    public double? Scale { get; init; }

    /// <summary>Average the proximity maps of the 8 flips and 90-degree rotations of the image before finding peaks (8 times the work).</summary>
    public bool TestTimeAugmentation { get; init; }

    public ScanStrategy Strategy { get; init; } = ScanStrategy.FullyConvolutional;

    /// <summary>Return the fused proximity map (in-memory images only).</summary>
    public bool KeepMap { get; init; }

    /// <summary>Throws <see cref="InvalidDetectionParameterException"/> naming the first value out of range, before any work.</summary>
    public void Validate()
    {
        if (Threshold is { } threshold && !(threshold is >= 0 and <= 1))
        {
            throw InvalidDetectionParameterException.OutOfRange("threshold", $"threshold must be a number from 0 to 1, got {threshold}.", 0, 1);
        }
        if (Stride is { } stride && stride is < 1 or > MaxStride)
        {
            throw InvalidDetectionParameterException.OutOfRange("stride", $"stride must be a whole number from 1 to {MaxStride}, got {stride}.", 1, MaxStride);
        }
        if (PeakRadius is { } radius && radius is < 1 or > MaxPeakRadius)
        {
            throw InvalidDetectionParameterException.OutOfRange("peakRadius", $"peak radius must be a whole number from 1 to {MaxPeakRadius}, got {radius}.", 1, MaxPeakRadius);
        }
        if (PixelSizeMicrons is { } size && !(size > 0 && double.IsFinite(size)))
        {
            throw new InvalidDetectionParameterException("pixelSizeMicrons", $"pixel size must be a positive number of microns, got {size}.");
        }
        if (CellDiameterPixels is { } diameter && !(diameter > 0 && diameter <= MaxCellDiameter))
        {
            throw new InvalidDetectionParameterException("cellDiameterPixels", $"cell diameter must be a number of pixels > 0 and <= {MaxCellDiameter}, got {diameter}.", new Dictionary<string, double> { ["maximum"] = MaxCellDiameter });
        }
        if (Scale is { } scale && !(scale > 0 && scale <= MaxScale))
        {
            throw new InvalidDetectionParameterException("scale", $"scale must be a factor in (0, {MaxScale}], got {scale}.", new Dictionary<string, double> { ["maximum"] = MaxScale });
        }
        if (Model is "")
        {
            throw new InvalidDetectionParameterException("model", "model must be a built-in name or a model file path, not empty.");
        }
    }
}
