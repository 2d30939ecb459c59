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

    /// <summary>True when the service stopped on an unexpected error rather than on request (SIGINT, SIGTERM, <c>shutdown</c>).</summary>
    public bool Failed { get; private set; }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await server!.RunAsync(stoppingToken).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            // The host would log this too, but exit with 0; the command line needs to know.
            logger.LogCritical(e, "The service stopped on an unexpected error.");
            Failed = true;
        }
        finally
        {
            application.StopApplication();
        }
    }
}
