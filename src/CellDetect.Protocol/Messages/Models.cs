using System.Text.Json.Serialization;

namespace CellDetect.Protocol.Messages;

/// <summary><c>models.list</c> result.</summary>
public sealed record ModelsListResult(IReadOnlyList<ModelInfo> Models);

/// <summary>A model detect can use; <see cref="Name"/> is what detect's model parameter takes.</summary>
public sealed record ModelInfo
{
    public required string Name { get; init; }

    public required bool BuiltIn { get; init; }

    /// <summary>The model file; null for built-in models.</summary>
    public string? Path { get; init; }

    /// <summary>"rgb" (brightfield) or "gray" (fluorescence).</summary>
    public required string Channels { get; init; }

    /// <summary>Pixel size of the training images; null when unknown (always written, as null).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public required double? PixelSizeMicrons { get; init; }

    /// <summary>
    /// The typical cell diameter in pixels of the images the model was trained at; null when it was trained at the
    /// images' own scale (always written, as null). A request's <c>cellDiameterPixels</c> rescales by it.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public required double? CellDiameterPixels { get; init; }

    /// <summary>
    /// True when the model estimates an uncalibrated image's cell size itself (without a pixel size or a cell diameter
    /// in the request), which costs up to about a second per image.
    /// </summary>
    public required bool EstimatesCellDiameter { get; init; }

    public required int Stride { get; init; }

    public required double Threshold { get; init; }

    public required int PeakRadius { get; init; }

    /// <summary>"sr", "pwr" or "pwc".</summary>
    public required string Head { get; init; }
}
