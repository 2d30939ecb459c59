using CellDetect.Pipeline;

namespace CellDetect.Cli.Detection;

/// <summary>What <c>celldetect detect</c> detects a file's page with: the pipeline in this process, or a running service.</summary>
public interface IPageDetector
{
    /// <summary>True when a page of this size is read whole (and so gets an overlay); larger ones stream tile by tile.</summary>
    bool ReadsWhole(int width, int height);

    DetectionOutcome Detect(string path, int page, IProgress<DetectionProgress>? progress, CancellationToken cancellation);
}
