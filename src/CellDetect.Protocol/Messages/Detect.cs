using System.Text.Json;
using System.Text.Json.Serialization;

namespace CellDetect.Protocol.Messages;

/// <summary>
/// <c>detect</c> params (README section 4.3): exactly one of <see cref="Path"/> and <see cref="Pixels"/>;
/// everything else optional, left out meaning "as the model says" or "chosen from the image".
/// </summary>
public sealed record DetectParams
{
    /// <summary>An image file on the server's machine.</summary>
    public string? Path { get; init; }

    /// <summary>With <see cref="Path"/>: the image of a multi-image file, 0-based.</summary>
    public int? Page { get; init; }

    /// <summary>The layout of the pixels sent as the payload.</summary>
    public PixelFormat? Pixels { get; init; }

    public ImageRegion? Region { get; init; }

    /// <summary>A name from <c>models.list</c> or a .cdmodel path on the server; null: chosen from the image.</summary>
    public string? Model { get; init; }

    public double? Threshold { get; init; }

    public int? Stride { get; init; }

    public double? PixelSizeMicrons { get; init; }

    /// <summary>
    /// The image's typical cell diameter in pixels, for a model that records the one it was trained at: the image is
    /// rescaled by the model's over this one, overriding the pixel sizes and the estimate.
    /// </summary>
    public double? CellDiameterPixels { get; init; }

    /// <summary>
    /// True: average the proximity maps of the 8 flips and 90-degree rotations before finding peaks (about 7 times slower).
    /// Null (left out of the request, so that servers without the parameter still take it) is false.
    /// </summary>
    public bool? TestTimeAugmentation { get; init; }

    public DetectOutputs? Outputs { get; init; }

    public WhenBusy? WhenBusy { get; init; }
}

/// <summary>
/// The layout of a pixel payload: <see cref="Width"/> x <see cref="Height"/> x <see cref="Channels"/>
/// samples of <see cref="DataType"/>, little-endian, row-major from the top-left.
/// </summary>
public sealed record PixelFormat(
    [property: JsonPropertyName("dtype")] PixelDataType DataType,
    int Width,
    int Height,
    int Channels,
    PixelLayout Layout = PixelLayout.Interleaved)
{
    /// <summary>The payload length this layout needs: width x height x channels x bytes per sample.</summary>
    [JsonIgnore]
    public long ByteCount => (long)Width * Height * Channels * DataType.BytesPerSample();
}

[JsonConverter(typeof(JsonStringEnumConverter<PixelDataType>))]
public enum PixelDataType
{
    [JsonStringEnumMemberName("u8")] UInt8,
    [JsonStringEnumMemberName("u16")] UInt16,
    [JsonStringEnumMemberName("f32")] Float32,
}

public static class PixelDataTypeExtensions
{
    public static int BytesPerSample(this PixelDataType type) => type switch
    {
        PixelDataType.UInt8 => 1,
        PixelDataType.UInt16 => 2,
        PixelDataType.Float32 => 4,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "not a protocol 1 sample type"),
    };
}

/// <summary>Interleaved: per pixel all its channels (numpy H x W x C). Planar: the whole first channel, then the next.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<PixelLayout>))]
public enum PixelLayout
{
    [JsonStringEnumMemberName("interleaved")] Interleaved,
    [JsonStringEnumMemberName("planar")] Planar,
}

/// <summary>What a detect request does while another detection is running or waiting.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<WhenBusy>))]
public enum WhenBusy
{
    /// <summary>Wait in the queue (the default).</summary>
    [JsonStringEnumMemberName("queue")] Queue,

    /// <summary>Fail at once with <c>busy</c>, e.g. to skip a live frame rather than fall behind.</summary>
    [JsonStringEnumMemberName("fail")] Fail,
}

/// <summary>A rectangle in image pixels, written as the JSON array <c>[x, y, width, height]</c>.</summary>
[JsonConverter(typeof(ImageRegionJsonConverter))]
public readonly record struct ImageRegion(int X, int Y, int Width, int Height);

/// <summary>Reads and writes <see cref="ImageRegion"/> as <c>[x, y, width, height]</c>.</summary>
public sealed class ImageRegionJsonConverter : JsonConverter<ImageRegion>
{
    public override ImageRegion Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var values = JsonSerializer.Deserialize<int[]>(ref reader, options);
        if (values is not { Length: 4 })
        {
            throw new JsonException("A region is an array of four integers: [x, y, width, height].");
        }
        return new ImageRegion(values[0], values[1], values[2], values[3]);
    }

    public override void Write(Utf8JsonWriter writer, ImageRegion value, JsonSerializerOptions options)
    {
        writer.WriteStartArray();
        writer.WriteNumberValue(value.X);
        writer.WriteNumberValue(value.Y);
        writer.WriteNumberValue(value.Width);
        writer.WriteNumberValue(value.Height);
        writer.WriteEndArray();
    }
}

/// <summary>Optional outputs of a detection; both off by default (and then left out of the request).</summary>
public sealed record DetectOutputs(
    [property: JsonPropertyName("geojson"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] bool GeoJson = false,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] bool ProximityMap = false);

/// <summary><c>detect</c> result (README section 4.3).</summary>
public sealed record DetectResult
{
    /// <summary>The cells in the input image's pixel coordinates; (0, 0) is the centre of the top-left pixel.</summary>
    public required IReadOnlyList<DetectedPoint> Points { get; init; }

    public required int Count { get; init; }

    public required ModelChoice Model { get; init; }

    public required int Stride { get; init; }

    public required double Threshold { get; init; }

    /// <summary>Model pixels per image pixel the image was rescaled by; 1 when not rescaled.</summary>
    public required double Scale { get; init; }

    /// <summary>
    /// The image's typical cell diameter in pixels as estimated from the image to set <see cref="Scale"/> (a model that
    /// records its cell diameter, no calibration or cell diameter given); null (left out) when nothing was estimated.
    /// Frames of one acquisition can send it back as <see cref="DetectParams.CellDiameterPixels"/> to skip the estimate.
    /// </summary>
    public double? EstimatedCellDiameterPixels { get; init; }

    /// <summary>Whether the 8 flips and rotations were averaged (<see cref="DetectParams.TestTimeAugmentation"/>); servers older than it leave it out, read as false.</summary>
    public bool TestTimeAugmentation { get; init; }

    /// <summary>Width of the whole input image, not of the region.</summary>
    public required int Width { get; init; }

    /// <summary>Height of the whole input image, not of the region.</summary>
    public required int Height { get; init; }

    /// <summary>The rectangle detected in: the request's region or the whole image.</summary>
    public required ImageRegion Region { get; init; }

    /// <summary>The page read; null for pixels (always written, as null).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public required int? Page { get; init; }

    public required DetectTimings Timings { get; init; }

    /// <summary>A QuPath-compatible GeoJSON FeatureCollection of the points, when asked for.</summary>
    [JsonPropertyName("geojson")]
    public string? GeoJson { get; init; }

    /// <summary>The size of the proximity map in the reply's payload, when asked for.</summary>
    public ProximityMapInfo? ProximityMap { get; init; }
}

/// <summary>A detected cell: its centre in image pixels and the proximity at the peak (0..1).</summary>
public readonly record struct DetectedPoint(double X, double Y, double Score);

/// <summary>The model a detection used and why: "requested", or the reason it was chosen from the image.</summary>
public sealed record ModelChoice(string Name, string Reason)
{
    public const string RequestedReason = "requested";
}

/// <summary>Milliseconds a detection spent waiting, reading, detecting, and in all from arrival to reply.</summary>
public sealed record DetectTimings(double QueuedMs, double ReadMs, double DetectMs, double TotalMs);

/// <summary>The proximity map in the reply's payload: <see cref="Width"/> x <see cref="Height"/> float32, little-endian, row-major.</summary>
public sealed record ProximityMapInfo(int Width, int Height, string Dtype = ProximityMapInfo.Float32)
{
    public const string Float32 = "f32";

    /// <summary>The payload length of the map: width x height x 4.</summary>
    [JsonIgnore]
    public long ByteCount => (long)Width * Height * sizeof(float);
}
