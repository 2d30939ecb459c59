using CellDetect.Core.Imaging;
using CellDetect.Pipeline;
using CellDetect.Protocol.Messages;

namespace CellDetect.Service.Detection;

/// <summary>
/// A checked <c>detect</c> request, ready to run: the image (a file's full path, or the layout of the
/// pixels to come in the payload), the pipeline's request with the model resolved, and what to send back.
/// </summary>
public sealed record DetectCall(DetectParams Params, DetectionRequest Request)
{
    /// <summary>The file's full path (relative paths are the service's working directory's); null for pixels.</summary>
    public string? FullPath => Params.Path is { } path ? Path.GetFullPath(path) : null;

    public PixelRegion? Region => Params.Region is { } r ? new PixelRegion(r.X, r.Y, r.Width, r.Height) : null;

    public bool GeoJson => Params.Outputs?.GeoJson == true;

    public bool ProximityMap => Params.Outputs?.ProximityMap == true;

    public WhenBusy WhenBusy => Params.WhenBusy ?? Protocol.Messages.WhenBusy.Queue;

    /// <summary>
    /// The payload this request comes with: the pixels' bytes, or nothing for a file. Counted in 128 bits
    /// (<see cref="PixelFormat.ByteCount"/> would overflow for absurd sizes) and capped, so that any size a
    /// client claims gives an honest <c>payload_size_mismatch</c>.
    /// </summary>
    public long PayloadBytes => Params.Pixels is { } f
        ? (long)Int128.Min((Int128)f.Width * f.Height * f.Channels * f.DataType.BytesPerSample(), long.MaxValue)
        : 0;

    /// <summary>The pipeline's input: the file's page and region, or the payload as raw pixels.</summary>
    public DetectionInput Input(ReadOnlyMemory<byte> payload) => Params.Pixels is { } format
        ? DetectionInput.FromPixels(new RawPixels(ToRaw(format.DataType), format.Width, format.Height, format.Channels, ToRaw(format.Layout), payload), Region)
        : DetectionInput.FromFile(FullPath!, Params.Page ?? 0, Region);

    private static RawPixelType ToRaw(PixelDataType type) => type switch
    {
        PixelDataType.UInt8 => RawPixelType.U8,
        PixelDataType.UInt16 => RawPixelType.U16,
        _ => RawPixelType.F32,
    };

    private static RawPixelLayout ToRaw(PixelLayout layout) => layout == PixelLayout.Planar ? RawPixelLayout.Planar : RawPixelLayout.Interleaved;
}
