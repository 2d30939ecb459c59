using System.Diagnostics;
using CellDetect.Core.Detection;
using CellDetect.Core.Imaging;
using CellDetect.Imaging.Annotations;
using CellDetect.Pipeline;
using CellDetect.Protocol.Framing;
using CellDetect.Protocol.Messages;
using CellDetect.Service.Requests;
using ProtocolModelChoice = CellDetect.Protocol.Messages.ModelChoice;

namespace CellDetect.Service.Detection;

/// <summary>
/// The <c>detect</c> method: checks a request (<see cref="Reader"/>), admits it to the one queue
/// (<see cref="Queue"/>), runs it through the shared <see cref="DetectionPipeline"/> and turns the
/// outcome into the protocol's result. Nothing of detection itself is done here.
/// </summary>
public sealed class DetectionService(DetectionPipeline pipeline, ModelRegistry models, DetectionQueue queue)
{
    public DetectRequestReader Reader { get; } = new(models);

    public DetectionQueue Queue => queue;

    public ErrorMapping Errors { get; } = new(queue, models);

    public ModelRegistry Models => models;

    public DetectionPipeline Pipeline => pipeline;

    /// <summary>Runs a detection on the calling thread (a worker: it takes seconds) and returns its result and reply payload.</summary>
    /// <param name="arrived">when the request's header was read (<see cref="Stopwatch.GetTimestamp"/>), for <c>timings.totalMs</c></param>
    public DetectReply Run(DetectCall call, ReadOnlyMemory<byte> payload, IProgress<DetectionProgress> progress, long arrived, CancellationToken cancellation)
    {
        var outcome = pipeline.Detect(call.Input(payload), call.Request, progress, cancellation);
        if (call.ProximityMap && (long)outcome.MapWidth * outcome.MapHeight * sizeof(float) > FrameLimits.ReplyMaxPayloadBytes)
        {
            // Only an image rescaled up to a model's finer pixel size gets here: the pipeline keeps maps of images over 64 megapixels from being computed at all.
            throw RequestException.InvalidParameter("outputs.proximityMap",
                $"The proximity map is {outcome.MapWidth} x {outcome.MapHeight}, over the {FrameLimits.ReplyMaxPayloadBytes} bytes a reply may carry; ask for a region.");
        }
        var region = outcome.Region ?? PixelRegion.Full(outcome.Width, outcome.Height);
        var result = new DetectResult
        {
            Points = outcome.Cells.Select(c => new DetectedPoint(c.X, c.Y, c.Score)).ToList(),
            Count = outcome.Cells.Count,
            Model = new ProtocolModelChoice(models.NameOf(outcome.Model.Source) ?? outcome.Model.Name, outcome.Model.Reason ?? ProtocolModelChoice.RequestedReason),
            Stride = outcome.Stride,
            Threshold = outcome.Threshold,
            Scale = outcome.MapScale,
            EstimatedCellDiameterPixels = outcome.EstimatedCellDiameter,
            TestTimeAugmentation = outcome.MapsAveraged,
            Width = outcome.Width,
            Height = outcome.Height,
            Region = new ImageRegion(region.X, region.Y, region.Width, region.Height),
            Page = call.FullPath is null ? null : outcome.Page,
            Timings = new DetectTimings(outcome.Timings.QueuedMs, outcome.Timings.ReadMs, outcome.Timings.DetectMs, Stopwatch.GetElapsedTime(arrived).TotalMilliseconds),
            GeoJson = call.GeoJson ? GeoJsonText(outcome.Cells) : null,
            ProximityMap = call.ProximityMap ? new ProximityMapInfo(outcome.MapWidth, outcome.MapHeight) : null,
        };
        return new DetectReply(result, call.ProximityMap ? LittleEndianBytes(outcome.Map!) : []);
    }

    /// <summary>The GeoJSON that <c>celldetect detect</c> writes to NAME.geojson, as text.</summary>
    private static string GeoJsonText(IReadOnlyList<CellPoint> cells)
    {
        using var buffer = new MemoryStream();
        QuPathGeoJson.Write(buffer, cells);
        return System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    private static byte[] LittleEndianBytes(float[] map)
    {
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("The proximity map is sent little-endian; this machine is big-endian.");
        }
        var bytes = GC.AllocateUninitializedArray<byte>(map.Length * sizeof(float));
        Buffer.BlockCopy(map, 0, bytes, 0, bytes.Length);
        return bytes;
    }
}

/// <summary>A detection's result header and the reply's payload (the proximity map, or nothing).</summary>
public sealed record DetectReply(DetectResult Result, byte[] Payload);
