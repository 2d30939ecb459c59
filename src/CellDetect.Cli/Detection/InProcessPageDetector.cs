using CellDetect.Pipeline;

namespace CellDetect.Cli.Detection;

/// <summary>Detects with the pipeline in this process.</summary>
public sealed class InProcessPageDetector(DetectionPipeline pipeline, DetectionRequest request) : IPageDetector
{
    public bool ReadsWhole(int width, int height) => pipeline.ReadsWhole(width, height);

    public DetectionOutcome Detect(string path, int page, IProgress<DetectionProgress>? progress, CancellationToken cancellation) =>
        pipeline.Detect(DetectionInput.FromFile(path, page), request, progress, cancellation);
}
