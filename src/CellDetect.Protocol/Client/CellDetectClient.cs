using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Json;
using CellDetect.Protocol.Framing;
using CellDetect.Protocol.Messages;

namespace CellDetect.Protocol.Client;

/// <summary>
/// A connection to the CellDetect service. Calls may overlap: requests are pipelined and replies
/// matched by id by one background reader, which also reports progress notifications. Cancelling a
/// call's token sends <c>cancel</c> for it and ends the call at once. Errors the service answers
/// with are thrown as <see cref="CellDetectException"/>; a lost connection as <see cref="IOException"/>.
/// </summary>
public sealed class CellDetectClient : IAsyncDisposable
{
    public static readonly TimeSpan DefaultConnectTimeout = TimeSpan.FromSeconds(5);

    public static string DefaultClientName { get; } =
        $"CellDetect.Protocol {typeof(CellDetectClient).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "?"} (.NET {Environment.Version})";

    private readonly Stream stream;
    private readonly FrameReader reader;
    private readonly FrameWriter writer;
    private readonly ConcurrentDictionary<long, PendingCall> pending = new();
    private readonly CancellationTokenSource closing = new();
    private readonly Task readLoop;
    private long lastId;
    private volatile Exception? connectionLost;

    private CellDetectClient(Stream stream)
    {
        this.stream = stream;
        reader = new FrameReader(stream, FrameLimits.Replies);
        writer = new FrameWriter(stream, FrameLimits.Requests);
        readLoop = Task.Run(ReadRepliesAsync);
    }

    /// <summary>What the service said in the last successful <c>hello</c>; null before one.</summary>
    public HelloResult? Server { get; private set; }

    /// <summary>Connects to the service (<see cref="Endpoint"/> says where) and opens the session with <c>hello</c>.</summary>
    public static async Task<CellDetectClient> ConnectAsync(
        string nameOrPath = ProtocolVersion.DefaultPipeName, string? clientName = null, TimeSpan? timeout = null, CancellationToken cancellation = default)
    {
        var stream = await Endpoint.ConnectAsync(nameOrPath, timeout ?? DefaultConnectTimeout, cancellation).ConfigureAwait(false);
        var client = new CellDetectClient(stream);
        try
        {
            await client.HelloAsync(clientName, cancellation).ConfigureAwait(false);
            return client;
        }
        catch
        {
            await client.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>A client over a stream that is already connected. It has not said <c>hello</c>: call <see cref="HelloAsync"/> first.</summary>
    public static CellDetectClient Over(Stream connectedStream) => new(connectedStream);

    /// <summary>Opens (or repeats) the session; protocol 1 servers need this before anything else.</summary>
    public async Task<HelloResult> HelloAsync(string? clientName = null, CancellationToken cancellation = default)
    {
        var reply = await CallAsync(Methods.Hello, new HelloParams(ProtocolVersion.Current, clientName ?? DefaultClientName), cancellation: cancellation).ConfigureAwait(false);
        var server = reply.ResultAs<HelloResult>();
        Server = server;
        return server;
    }

    public async Task<IReadOnlyList<ModelInfo>> ListModelsAsync(CancellationToken cancellation = default) =>
        (await CallAsync(Methods.ModelsList, null, cancellation: cancellation).ConfigureAwait(false)).ResultAs<ModelsListResult>().Models;

    /// <summary>Detects cells in an image file on the service's machine; <paramref name="options"/> may set page, region, model and the rest.</summary>
    public Task<Detection> DetectPathAsync(string path, DetectParams? options = null, IProgress<DetectProgress>? progress = null, CancellationToken cancellation = default) =>
        DetectAsync((options ?? new DetectParams()) with { Path = path, Pixels = null }, ReadOnlyMemory<byte>.Empty, progress, cancellation);

    /// <summary>
    /// Detects cells in pixels laid out as <paramref name="format"/> says (16-bit and float samples
    /// little-endian; pass a <c>ushort[]</c> or <c>float[]</c> through <c>MemoryMarshal.AsBytes</c>).
    /// They are sent as they are, without a copy.
    /// </summary>
    public Task<Detection> DetectPixelsAsync(
        ReadOnlyMemory<byte> pixels, PixelFormat format, DetectParams? options = null, IProgress<DetectProgress>? progress = null, CancellationToken cancellation = default)
    {
        if (pixels.Length != format.ByteCount)
        {
            throw new ArgumentException($"{format.Width} x {format.Height} x {format.Channels} {format.DataType} pixels are {format.ByteCount} bytes, not {pixels.Length}.", nameof(pixels));
        }
        if (Server is { } server && pixels.Length > server.Limits.MaxPayloadBytes)
        {
            throw new CellDetectException(ErrorCodes.PayloadTooLarge,
                $"The pixels are {pixels.Length} bytes, over the service's limit of {server.Limits.MaxPayloadBytes}: send a region, or the file's path.");
        }
        return DetectAsync((options ?? new DetectParams()) with { Pixels = format, Path = null, Page = null }, pixels, progress, cancellation);
    }

    /// <summary>Asks the service to cancel request <paramref name="requestId"/>; true when it was still pending (it then fails with <c>cancelled</c>).</summary>
    public async Task<bool> CancelAsync(long requestId, CancellationToken cancellation = default) =>
        (await CallAsync(Methods.Cancel, new CancelParams(requestId), cancellation: cancellation).ConfigureAwait(false)).ResultAs<CancelResult>().Cancelled;

    /// <summary>Stops the service once it has replied; every connection's work is cancelled.</summary>
    public Task ShutdownAsync(CancellationToken cancellation = default) => CallAsync(Methods.Shutdown, null, cancellation: cancellation);

    /// <summary>
    /// Calls any method, e.g. one added after protocol 1: <paramref name="parameters"/> is serialised
    /// as the request's params (null: left out) and <paramref name="payload"/> sent after the header.
    /// </summary>
    public async Task<Reply> CallAsync(
        string method, object? parameters, ReadOnlyMemory<byte> payload = default, IProgress<DetectProgress>? progress = null, CancellationToken cancellation = default)
    {
        cancellation.ThrowIfCancellationRequested();
        var id = Interlocked.Increment(ref lastId);
        var call = new PendingCall(progress);
        pending[id] = call;
        // The reader fails what is pending when the connection drops; a call added after that must fail itself.
        if (connectionLost is { } lost && pending.TryRemove(id, out _))
        {
            throw lost;
        }
        try
        {
            await writer.WriteAsync(new Request<object>(id, method, parameters), payload, cancellation).ConfigureAwait(false);
        }
        catch
        {
            pending.TryRemove(id, out _);
            throw;
        }
        using (cancellation.Register(() => Abandon(id, cancellation)))
        {
            return await call.Reply.Task.ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await closing.CancelAsync().ConfigureAwait(false);
        await stream.DisposeAsync().ConfigureAwait(false);
        await readLoop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        closing.Dispose();
    }

    private async Task<Detection> DetectAsync(DetectParams parameters, ReadOnlyMemory<byte> payload, IProgress<DetectProgress>? progress, CancellationToken cancellation)
    {
        var reply = await CallAsync(Methods.Detect, parameters, payload, progress, cancellation).ConfigureAwait(false);
        var result = reply.ResultAs<DetectResult>();
        return new Detection(result, result.ProximityMap is { } map ? ToFloats(reply.Payload, map) : null);
    }

    /// <summary>Ends a call whose token was cancelled and tells the service, without waiting for either to finish.</summary>
    private void Abandon(long id, CancellationToken cancellation)
    {
        if (!pending.TryRemove(id, out var call))
        {
            return;
        }
        call.Reply.TrySetCanceled(cancellation);
        _ = TellServiceToCancelAsync(id);
    }

    private async Task TellServiceToCancelAsync(long id)
    {
        try
        {
            await CancelAsync(id).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or CellDetectException)
        {
            // The connection is gone or the request already ended: nothing is left to cancel.
        }
    }

    private async Task ReadRepliesAsync()
    {
        Exception lost;
        try
        {
            while (await reader.ReadFrameAsync(closing.Token).ConfigureAwait(false) is { } frame)
            {
                Dispatch(frame);
            }
            lost = new IOException("The CellDetect service closed the connection.");
        }
        catch (Exception) when (closing.IsCancellationRequested)
        {
            lost = new ObjectDisposedException(nameof(CellDetectClient));
        }
        catch (Exception e)
        {
            lost = e as ProtocolException ?? new IOException($"Reading from the CellDetect service failed: {e.Message}", e);
        }
        connectionLost = lost;
        foreach (var id in pending.Keys)
        {
            if (pending.TryRemove(id, out var call))
            {
                call.Reply.TrySetException(lost);
            }
        }
    }

    private void Dispatch(Frame frame)
    {
        var header = frame.Header;
        var id = Envelope.IdOf(header);
        switch (Envelope.KindOf(header))
        {
            case MessageKind.Result when id is { } resultId && pending.TryRemove(resultId, out var call):
                call.Reply.TrySetResult(new Reply(resultId, header.GetProperty("result"), frame.Payload));
                break;
            case MessageKind.Error:
                var error = header.GetProperty("error").Deserialize<ErrorInfo>(ProtocolJson.Options)!;
                var exception = new CellDetectException(error.Code, error.Message, error.Data);
                // An error without an id is about a frame the service could not read: every pending call may be the one.
                foreach (var failedId in id is { } errorId ? [errorId] : pending.Keys.ToArray())
                {
                    if (pending.TryRemove(failedId, out var failed))
                    {
                        failed.Reply.TrySetException(exception);
                    }
                }
                break;
            case MessageKind.Notification when id is { } notifiedId && pending.TryGetValue(notifiedId, out var notified) && notified.Progress is { } progress
                && header.GetProperty("notification").ValueEquals(Methods.ProgressNotification):
                var step = header.GetProperty("params").Deserialize<ProgressParams>(ProtocolJson.Options)!;
                progress.Report(new DetectProgress(notifiedId, step.Done, step.Total, step.Stage));
                break;
            // Replies to abandoned calls and notification kinds this client does not know are dropped.
        }
    }

    private static float[] ToFloats(byte[] payload, ProximityMapInfo map)
    {
        if (payload.Length != map.ByteCount)
        {
            throw new ProtocolException(ErrorCodes.PayloadSizeMismatch, $"The proximity map is {map.Width} x {map.Height} but the reply's payload has {payload.Length} bytes.");
        }
        var values = new float[payload.Length / sizeof(float)];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = BinaryPrimitives.ReadSingleLittleEndian(payload.AsSpan(i * sizeof(float)));
        }
        return values;
    }

    private sealed class PendingCall(IProgress<DetectProgress>? progress)
    {
        public TaskCompletionSource<Reply> Reply { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public IProgress<DetectProgress>? Progress { get; } = progress;
    }
}
