using CellDetect.Pipeline;
using CellDetect.Protocol;
using CellDetect.Protocol.Framing;

namespace CellDetect.Service;

/// <summary>How <c>celldetect serve</c> listens and what it accepts.</summary>
public sealed record ServiceOptions
{
    /// <summary>The spec's example queue size: enough for a few hosts with a frame or two each in flight.</summary>
    public const int DefaultMaxQueuedDetections = 16;

    /// <summary>A pipe name (a Unix socket in the temporary folder on Linux and macOS) or an absolute socket path.</summary>
    public string Endpoint { get; init; } = ProtocolVersion.DefaultPipeName;

    /// <summary>The largest request payload (pixels) accepted, as asked for with <c>--max-payload</c>.</summary>
    public long MaxPayloadBytes { get; init; } = FrameLimits.DefaultMaxPayloadBytes;

    /// <summary><c>detect</c> requests running or waiting at once, from all connections; one more is refused as busy.</summary>
    public int MaxQueuedDetections { get; init; } = DefaultMaxQueuedDetections;

    /// <summary>A folder whose <c>.cdmodel</c> files are offered by <c>models.list</c> besides the built-in models.</summary>
    public string? ModelDirectory { get; init; }

    /// <summary>
    /// The request limits announced in <c>hello</c> and enforced by the reader. A payload is received into
    /// one array, so the payload limit is at most <see cref="Array.MaxLength"/> (57 bytes short of 2 GiB).
    /// </summary>
    public FrameLimits RequestLimits => new(FrameLimits.DefaultMaxHeaderBytes, Math.Min(MaxPayloadBytes, Array.MaxLength));

    /// <summary>
    /// The pipeline's limits for the service: its pass queue holds as many waiting detections as the
    /// service admits, so that every detection the service accepted gets its turn on the device and the
    /// only refusal a client sees is the service's own <c>busy</c>, with the same queue size.
    /// </summary>
    public PipelineOptions PipelineOptions => new() { MaxWaitingDetections = MaxQueuedDetections };
}
