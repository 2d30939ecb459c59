using CellDetect.Service.Detection;
using CellDetect.Service.Transport;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CellDetect.Service;

/// <summary>
/// Runs the <see cref="CellDetectServer"/> in the generic host. Starting opens the endpoint, so that a
/// name taken by a live service fails the host's start (<see cref="EndpointInUseException"/>) before
/// anything is served; a client's <c>shutdown</c> stops the whole application, as SIGINT and SIGTERM do.
/// </summary>
public sealed class ServiceHost(ServiceOptions options, DetectionService detection, IHostApplicationLifetime application, ILogger<CellDetectServer> logger)
    : BackgroundService
{
    private CellDetectServer? server;

    /// <summary>The endpoint clients connect to, once started.</summary>
    public string EndpointPath => server?.EndpointPath ?? throw new InvalidOperationException("The service has not started.");

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        var listener = await ListenerFactory.OpenAsync(options.Endpoint, logger, cancellationToken).ConfigureAwait(false);
        server = new CellDetectServer(listener, detection, options, logger);
        logger.LogInformation("Listening on {Path} ({Device}; at most {Queued} detections queued, payloads up to {Payload} bytes).",
            listener.Path, detection.Pipeline.Device, options.MaxQueuedDetections, options.RequestLimits.MaxPayloadBytes);
        await base.StartAsync(cancellationToken).ConfigureAwait(false);
    }

    public override void Dispose()
    {
        server?.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await server!.RunAsync(stoppingToken).ConfigureAwait(false);
        application.StopApplication();
    }
}
