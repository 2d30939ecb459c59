using System.Diagnostics;
using CellDetect.Cli.Data;
using CellDetect.Imaging.Images;
using CellDetect.Model;
using CellDetect.Model.Files;
using CellDetect.Model.Inference;
using CellDetect.Pipeline;

namespace CellDetect.Cli.Commands;

/// <summary>
/// <c>celldetect detect IMAGE|DIR [--model MODEL] [--stride S] [--threshold Z] [--out DIR]</c>.
/// Writes per image NAME.csv, NAME.geojson (QuPath), NAME.roiset.zip (ImageJ), NAME.overlay.png
/// and, with --proximity-map, NAME.proximity.tif. A failed image is reported and the rest go on;
/// Ctrl+C stops cleanly between tiles.
/// </summary>
public sealed class DetectCommand(ImageFileReader reader, ModelCatalog catalog) : ICliCommand
{
    public string Name => "detect";

    public string Summary => "detect cells in an image or a folder of images";

    public int Run(CommandArguments arguments, TextWriter output, TextWriter error)
    {
        if (arguments.Positionals.Count != 1)
        {
            throw new UsageException("Give one IMAGE or folder: celldetect detect IMAGE|DIR [--model MODEL] [--stride S] [--threshold Z] [--out DIR]");
        }
        var input = arguments.Positionals[0];
        var modelChoice = arguments.Option("model");
        var stride = arguments.Option("stride") is null ? (int?)null : arguments.Integer("stride", 4);
        var threshold = arguments.Option("threshold") is null ? (double?)null : arguments.Number("threshold", 0);
        var outDirectory = arguments.Option("out") ?? "detections";
        var device = arguments.Option("device") ?? "auto";
        var writeMap = arguments.Flag("proximity-map");
        var scale = arguments.Option("scale") is null ? (double?)null : arguments.Number("scale", 1);
        var peakRadius = arguments.Option("peak-radius") is null ? (int?)null : arguments.Integer("peak-radius", 3);
        var strategy = arguments.Flag("patchwise") ? ScanStrategy.Patchwise : ScanStrategy.FullyConvolutional;
        var precisionChoice = arguments.Option("precision") ?? "auto";
        var page = arguments.Option("page") is null ? (int?)null : arguments.Integer("page", 0);
        arguments.RejectUnknown();
        if (scale is <= 0 or > 8)
        {
            throw new UsageException("--scale must be a factor in (0, 8], e.g. 0.5 for cells twice the size the model knows.");
        }
        if (page is < 0)
        {
            throw new UsageException("--page must be a page number from 0.");
        }
        if (stride is <= 0)
        {
            throw new UsageException("--stride must be a positive whole number.");
        }

        var images = Directory.Exists(input) ? AnnotatedImageFolder.ImagesIn(input) : File.Exists(input) ? new[] { input } : throw new FileNotFoundException($"No image or folder at '{input}'.");
        if (images.Count == 0)
        {
            throw new UsageException($"No images (.tif, .tiff, .png, .jpg, .bmp) in '{input}'.");
        }
        TorchRuntime.ConfigureThreads();
        ComputeDevice computeDevice;
        try
        {
            computeDevice = ComputeDevice.Resolve(device, precisionChoice);
        }
        catch (ArgumentException e)
        {
            throw new UsageException(e.Message);
        }
        var pipeline = new DetectionPipeline(catalog, reader, computeDevice);
        if (modelChoice is not null)
        {
            pipeline.Model(modelChoice);
        }
        var request = new DetectionRequest { Model = modelChoice, Stride = stride, Threshold = threshold, Strategy = strategy, KeepMap = writeMap, Scale = scale, PeakRadius = peakRadius };
        var files = DetectionFileKinds.Default | (writeMap ? DetectionFileKinds.ProximityMap : DetectionFileKinds.None);
        Directory.CreateDirectory(outDirectory);
        using var cancellation = new CancellationTokenSource();
        ConsoleCancelEventHandler stop = (_, e) =>
        {
            e.Cancel = true;
            cancellation.Cancel();
        };
        Console.CancelKeyPress += stop;
        try
        {
            var failures = 0;
            foreach (var path in images)
            {
                try
                {
                    DetectFile(pipeline, path, page, request, files, outDirectory, output, error, cancellation.Token);
                }
                catch (Exception e) when (e is IOException or InvalidDataException or NotSupportedException or ArgumentException or UnauthorizedAccessException)
                {
                    failures++;
                    error.WriteLine($"celldetect detect: {path}: {e.Message}");
                }
                catch (OperationCanceledException)
                {
                    error.WriteLine($"celldetect detect: cancelled during {path}; its outputs were not written, earlier images are complete.");
                    return 130;
                }
            }
            if (images.Count > 1)
            {
                output.WriteLine($"{images.Count - failures} of {images.Count} images done; results in {Path.GetFullPath(outDirectory)}");
            }
            return failures == 0 ? 0 : 1;
        }
        finally
        {
            Console.CancelKeyPress -= stop;
        }
    }

    /// <summary>Detects on one page of a file, or on every page of a multi-page file when no page is given.</summary>
    private void DetectFile(DetectionPipeline pipeline, string path, int? page, DetectionRequest request, DetectionFileKinds files, string outDirectory, TextWriter output, TextWriter error, CancellationToken cancellation)
    {
        var info = reader.Identify(path);
        if (page >= info.Pages)
        {
            throw new ArgumentException($"--page {page}: the file has {info.Pages} page(s), numbered from 0.");
        }
        foreach (var p in page is { } only ? new[] { only } : Enumerable.Range(0, info.Pages))
        {
            DetectPage(pipeline, path, p, info, request, files, outDirectory, output, error, cancellation);
        }
    }

    private static void DetectPage(DetectionPipeline pipeline, string path, int page, ImageInfo info, DetectionRequest request, DetectionFileKinds files, string outDirectory, TextWriter output, TextWriter error, CancellationToken cancellation)
    {
        var name = Path.GetFileName(path) + (info.Pages > 1 ? $" page {page}" : "");
        var readWhole = pipeline.ReadsWhole(info.Width, info.Height);
        var (kinds, warnings) = DetectionFiles.Plan(files, info.Width, info.Height, readWhole);
        var clock = Stopwatch.StartNew();
        var bar = new ConsoleProgress(error);
        var progress = readWhole ? null : new SynchronousProgress<DetectionProgress>(p =>
        {
            var remaining = TimeSpan.FromSeconds(clock.Elapsed.TotalSeconds / p.Done * (p.Total - p.Done));
            bar.Show(p.Done / (double)p.Total, $"{name}: tile {p.Done}/{p.Total}, left {ConsoleProgress.Duration(remaining)}", p.Done == p.Total);
        });
        var outcome = pipeline.Detect(DetectionInput.FromFile(path, page), request, progress, cancellation);
        if (outcome.Model.Reason is { } reason)
        {
            output.WriteLine($"{name}: using built-in model {outcome.Model.Source} ({reason}; pass --model to choose)");
        }
        foreach (var warning in warnings.Concat(outcome.Warnings))
        {
            error.WriteLine($"celldetect detect: {name}: warning: {warning}");
        }
        var stem = DetectionFiles.Stem(outDirectory, path, page, info.Pages);
        DetectionFiles.Write(stem, outcome, kinds, files);
        var scale = outcome.MapScale == 1.0 ? "" : $", rescaled x{outcome.MapScale:0.###} to the model's pixel size";
        output.WriteLine($"{name}: {outcome.Cells.Count} cells (model {outcome.Model.Name}, {outcome.Device.Precision.OptionName()}, stride {outcome.Stride}, threshold {outcome.Threshold:0.###}{scale}) in {outcome.Timings.TotalMs / 1000:0.00} s -> {stem}.csv");
    }
}
