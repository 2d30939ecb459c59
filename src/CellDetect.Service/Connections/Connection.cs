using System.Collections.Concurrent;
using System.Diagnostics;
using CellDetect.Protocol;
using CellDetect.Protocol.Framing;
using CellDetect.Protocol.Messages;
using CellDetect.Service.Requests;
using Microsoft.Extensions.Logging;

namespace CellDetect.Service.Connections;

/// <summary>
/// One client's connection: reads its frames one after another and hands each request to the
/// <see cref="RequestDispatcher"/>; writes replies, errors and progress through one
/// <see cref="FrameWriter"/>, which writes one whole frame at a time, so frames of concurrent requests
/// never interleave. Ends when the client hangs up, sends a frame it cannot find the end of, or the
/// service stops; its detections are then cancelled.
/// </summary>
public sealed class Connection : IAsyncDisposable
{
    private readonly Stream stream;
    private readonly FrameReader reader;
    private readonly FrameWriter writer;
    private readonly RequestDispatcher dispatcher;
    private readonly ILogger logger;
    private readonly CancellationTokenSource lifetime = new();
    private readonly ConcurrentDictionary<long, PendingDetection> detections = new();

    public Connection(int number, Stream stream, FrameLimits requestLimits, RequestDispatcher dispatcher, ILogger logger)
    {
        Number = number;
        this.stream = stream;
        this.dispatcher = dispatcher;
        this.logger = logger;
        reader = new FrameReader(stream, requestLimits);
        writer = new FrameWriter(stream, FrameLimits.Replies);
    }

    /// <summary>Counts connections since the service started, for the log.</summary>
    public int Number { get; }

    /// <summary>True once a <c>hello</c> has succeeded; until then only <c>hello</c> is answered.</summary>
    public bool SaidHello { get; set; }

    /// <summary>Cancelled when the connection ends.</summary>
    public CancellationToken Lifetime => lifetime.Token;

    /// <summary>Reads and answers requests until the connection ends, then waits for its detections to stop.</summary>
    public async Task RunAsync()
    {
        logger.LogDebug("Connection {Number} opened.", Number);
        try
        {
            await ReadRequestsAsync().ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException)
        {
            logger.LogDebug("Connection {Number} ended: {Reason}", Number, e.Message);
        }
        finally
        {
            await lifetime.CancelAsync().ConfigureAwait(false);
            await Task.WhenAll(detections.Values.Select(d => d.Completion)).ConfigureAwait(false);
            logger.LogDebug("Connection {Number} closed.", Number);
        }
    }

    /// <summary>Reads the rest of the current frame's payload into <paramref name="destination"/>.</summary>
    public ValueTask ReadPayloadAsync(Memory<byte> destination) => reader.ReadPayloadAsync(destination, Lifetime);

    public bool IsPending(long id) => detections.ContainsKey(id);

    public PendingDetection AddDetection(long id)
    {
        var detection = new PendingDetection(id, Lifetime);
        detections[id] = detection;
        return detection;
    }

    public void RemoveDetection(PendingDetection detection)
    {
        detections.TryRemove(detection.Id, out _);
        detection.Dispose();
    }

    /// <summary>Cancels request <paramref name="id"/> if it is a detection still running or waiting.</summary>
    public bool TryCancel(long id) => detections.TryGetValue(id, out var detection) && detection.TryCancel();

    /// <summary>
    /// For the service's shutdown: cancels every detection (each replies <c>cancelled</c>), waits for
    /// their replies, then ends the connection.
    /// </summary>
    public async Task CloseAsync()
    {
        foreach (var detection in detections.Values)
        {
            detection.TryCancel();
        }
        await Task.WhenAll(detections.Values.Select(d => d.Completion)).ConfigureAwait(false);
        await AbortAsync().ConfigureAwait(false);
    }

    public Task SendResultAsync<TResult>(long id, TResult result, ReadOnlyMemory<byte> payload = default) =>
        SendAsync(new Response<TResult>(id, result), payload);

    public Task SendErrorAsync(long? id, ErrorInfo error) => SendAsync(new ErrorResponse(id, error), ReadOnlyMemory<byte>.Empty);

    public Task SendProgressAsync(long id, ProgressParams progress) =>
        SendAsync(new NotificationMessage<ProgressParams>(id, Methods.ProgressNotification, progress), ReadOnlyMemory<byte>.Empty);

    /// <summary>
    /// Ends the connection at once by closing its stream: reads and writes in progress fail, and
    /// <see cref="RunAsync"/> returns once its detections have stopped. Safe at any time, also after
    /// the connection has ended by itself (only the stream is touched, never the lifetime's source).
    /// </summary>
    public ValueTask AbortAsync() => stream.DisposeAsync();

    /// <summary>Frees the connection after <see cref="RunAsync"/> has returned.</summary>
    public async ValueTask DisposeAsync()
    {
        await stream.DisposeAsync().ConfigureAwait(false);
        lifetime.Dispose();
    }

    private async Task ReadRequestsAsync()
    {
        while (!Lifetime.IsCancellationRequested)
        {
            FrameStart? frame;
            try
            {
                frame = await reader.ReadHeaderAsync(Lifetime).ConfigureAwait(false);
            }
            catch (FrameTooLargeException e)
            {
                var id = e.Header is { } header ? Envelope.IdOf(header) : null;
                var hint = e.Code == ErrorCodes.PayloadTooLarge ? " Send a region, or the image file's path." : "";
                await SendErrorAsync(id, new RequestException(e.Code, e.Message + hint, new LimitExceededData(e.Limit, e.Actual)).ToErrorInfo()).ConfigureAwait(false);
                await reader.SkipRestOfFrameAsync(Lifetime).ConfigureAwait(false);
                continue;
            }
            catch (ProtocolException e) when (e is not FrameTooLargeException)
            {
                // The next frame cannot be found: say why (if anyone still listens) and close.
                logger.LogInformation("Connection {Number}: {Problem} Closing it.", Number, e.Message);
                await SendErrorAsync(null, new ErrorInfo(e.Code, e.Message)).ConfigureAwait(false);
                return;
            }
            if (frame is null)
            {
                return;
            }
            await dispatcher.HandleAsync(this, frame, Stopwatch.GetTimestamp()).ConfigureAwait(false);
            // A refused request's payload is read and dropped, so the next frame is found.
            await reader.SkipRestOfFrameAsync(Lifetime).ConfigureAwait(false);
        }
    }

    /// <summary>Writes one frame; a client that has gone ends the connection instead of failing the sender.</summary>
    private async Task SendAsync<THeader>(THeader header, ReadOnlyMemory<byte> payload)
    {
        try
        {
            await writer.WriteAsync(header, payload, Lifetime).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or OperationCanceledException)
        {
            logger.LogDebug("Connection {Number}: a reply could not be written ({Reason}).", Number, e.Message);
            await lifetime.CancelAsync().ConfigureAwait(false);
        }
    }
}
