using System.Collections.Concurrent;
using CellDetect.Protocol.Framing;
using CellDetect.Service.Connections;
using CellDetect.Service.Detection;
using CellDetect.Service.Transport;
using Microsoft.Extensions.Logging;

namespace CellDetect.Service;

/// <summary>
/// The local service: accepts connections on its listener and runs each until it ends. Stops when
/// the token given to <see cref="RunAsync"/> is cancelled (SIGINT, SIGTERM) or a client sends
/// <c>shutdown</c>: it stops accepting, cancels every detection (each replies <c>cancelled</c>),
/// closes every connection and removes its socket file.
/// </summary>
public sealed class CellDetectServer : IDisposable
{
    /// <summary>How long stopping waits for cancelled detections to reply before closing their connections regardless.</summary>
    private static readonly TimeSpan CloseTimeout = TimeSpan.FromSeconds(10);

    private readonly IConnectionListener listener;
    private readonly FrameLimits requestLimits;
    private readonly RequestDispatcher dispatcher;
    private readonly ILogger logger;
    private readonly CancellationTokenSource shutdownRequested = new();
    private readonly ConcurrentDictionary<Connection, Task> connections = new();
    private int connectionCount;

    /// <param name="listener">where clients connect; the server owns it from now on</param>
    public CellDetectServer(IConnectionListener listener, DetectionService detection, ServiceOptions options, ILogger logger)
    {
        this.listener = listener;
        this.logger = logger;
        requestLimits = options.RequestLimits;
        dispatcher = new RequestDispatcher(detection, ServerDescription.Hello(detection.Pipeline.Device, options), RequestShutdown, logger);
    }

    /// <summary>The endpoint clients connect to, as <c>ready</c> prints it.</summary>
    public string EndpointPath => listener.Path;

    public void RequestShutdown() => shutdownRequested.Cancel();

    /// <summary>Serves until <paramref name="stopping"/> is cancelled or a client asks for shutdown; then stops as described above. Owns the listener.</summary>
    public async Task RunAsync(CancellationToken stopping)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(stopping, shutdownRequested.Token);
        try
        {
            await AcceptAsync(stop.Token).ConfigureAwait(false);
        }
        finally
        {
            await CloseConnectionsAsync().ConfigureAwait(false);
            await listener.DisposeAsync().ConfigureAwait(false);
            logger.LogInformation("Stopped; {Path} removed.", listener.Path);
        }
    }

    private async Task AcceptAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            Stream stream;
            try
            {
                stream = await listener.AcceptAsync(stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (UnauthorizedAccessException e)
            {
                logger.LogWarning("{Refusal}", e.Message);
                continue;
            }
            var connection = new Connection(Interlocked.Increment(ref connectionCount), stream, requestLimits, dispatcher, logger);
            connections[connection] = ServeAsync(connection);
        }
    }

    private async Task ServeAsync(Connection connection)
    {
        // Off the accepting loop: a connection's first read must not delay the next accept.
        await Task.Yield();
        try
        {
            await connection.RunAsync().ConfigureAwait(false);
        }
        finally
        {
            connections.TryRemove(connection, out _);
            await connection.DisposeAsync().ConfigureAwait(false);
        }
    }

    private async Task CloseConnectionsAsync()
    {
        var open = connections.ToArray();
        var closing = Task.WhenAll(open.Select(c => c.Key.CloseAsync()));
        if (await Task.WhenAny(closing, Task.Delay(CloseTimeout)).ConfigureAwait(false) != closing)
        {
            logger.LogWarning("Detections did not reply within {Seconds} s of the shutdown; closing their connections anyway.", CloseTimeout.TotalSeconds);
        }
        foreach (var (connection, _) in open)
        {
            await connection.AbortAsync().ConfigureAwait(false);
        }
        await Task.WhenAll(open.Select(c => c.Value)).ConfigureAwait(false);
    }

    public void Dispose() => shutdownRequested.Dispose();
}
