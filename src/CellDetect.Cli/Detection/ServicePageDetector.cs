using CellDetect.Cli.Commands;
using CellDetect.Core.Detection;
using CellDetect.Imaging.Images;
using CellDetect.Model;
using CellDetect.Pipeline;
using CellDetect.Protocol.Client;
using CellDetect.Protocol.Messages;
using PipelineModelChoice = CellDetect.Pipeline.ModelChoice;

namespace CellDetect.Cli.Detection;

/// <summary>
/// Detects through a running service (<c>celldetect serve</c>): the file's path goes to the service,
/// which reads and detects it with its own pipeline; the result comes back as the outcome the
/// in-process pipeline gives, so that the same files and lines are written. The overlay's image is
/// read here, from the same file.
/// </summary>
public sealed class ServicePageDetector : IPageDetector, IDisposable
{
    private readonly CellDetectClient client;
    private readonly DetectParams parameters;
    private readonly ImageFileReader reader;
    private readonly ComputeDevice device;

    private ServicePageDetector(CellDetectClient client, DetectParams parameters, ImageFileReader reader)
    {
        this.client = client;
        this.parameters = parameters;
        this.reader = reader;
        // The service names its device and precision in the protocol's words, which are the command line's.
        var server = client.Server!;
        device = ComputeDevice.Resolve(server.Device, server.Precision, cudaAvailable: server.Device == Devices.Cuda, nativeBFloat16: true);
    }

    /// <summary>Connects to the service on <paramref name="endpoint"/> (a pipe name or socket path); IOException when none answers.</summary>
    public static ServicePageDetector Connect(string endpoint, DetectParams parameters, ImageFileReader reader) =>
        new(CellDetectClient.ConnectAsync(endpoint, "celldetect detect --server").GetAwaiter().GetResult(), parameters, reader);

    /// <summary>The service reads whole what its pipeline, with the default limits, reads whole.</summary>
    public bool ReadsWhole(int width, int height) => new PipelineOptions().ReadsWhole(width, height);

    public DetectionOutcome Detect(string path, int page, IProgress<DetectionProgress>? progress, CancellationToken cancellation)
    {
        // Tile progress only: the service's "reading" step has no tiles to count.
        var tiles = progress is null ? null : new SynchronousProgress<DetectProgress>(p =>
        {
            if (p.Stage == ProgressStages.Detecting)
            {
                progress.Report(new DetectionProgress((int)p.Done, (int)p.Total, DetectionStages.Detect));
            }
        });
        var detection = client.DetectPathAsync(Path.GetFullPath(path), parameters with { Page = page }, tiles, cancellation).GetAwaiter().GetResult();
        var result = detection.Result;
        return new DetectionOutcome
        {
            Cells = result.Points.Select(p => new CellPoint(p.X, p.Y, p.Score)).ToList(),
            Model = new PipelineModelChoice(result.Model.Name, result.Model.Name, result.Model.Reason == CellDetect.Protocol.Messages.ModelChoice.RequestedReason ? null : result.Model.Reason),
            Device = device,
            Stride = result.Stride,
            Threshold = result.Threshold,
            Width = result.Width,
            Height = result.Height,
            Page = result.Page ?? page,
            MapScale = result.Scale,
            EstimatedCellDiameter = result.EstimatedCellDiameterPixels,
            MapsAveraged = result.TestTimeAugmentation,
            Map = detection.ProximityMap,
            MapWidth = result.ProximityMap?.Width ?? 0,
            MapHeight = result.ProximityMap?.Height ?? 0,
            Image = ReadsWhole(result.Width, result.Height) ? reader.Read(path, page) : null,
            Timings = new DetectionTimings(result.Timings.ReadMs, result.Timings.QueuedMs, result.Timings.DetectMs, result.Timings.TotalMs),
        };
    }

    public void Dispose() => client.DisposeAsync().AsTask().GetAwaiter().GetResult();
}
