using System.CommandLine;
using System.Diagnostics;
using CellDetect.Cli.Data;
using CellDetect.Cli.Detection;
using CellDetect.Imaging.Images;
using CellDetect.Model;
using CellDetect.Model.Files;
using CellDetect.Model.Inference;
using CellDetect.Pipeline;
using CellDetect.Protocol.Client;
using CellDetect.Protocol.Messages;

namespace CellDetect.Cli.Commands;

/// <summary>What <c>celldetect detect</c> was asked to do; null means "as the model file says" (or, for the model, "chosen from the image").</summary>
public sealed record DetectOptions(
    string Input, string? Model, int? Stride, double? Threshold, string Out, string Device, bool ProximityMap, double? Scale, int? PeakRadius, bool Patchwise, string Precision, int? Page,
    double? PixelSize = null, double? CellDiameter = null, bool TestTimeAugmentation = false, string? Server = null);

/// <summary>
/// <c>celldetect detect IMAGE|DIR [--model MODEL] [--stride S] [--threshold Z] [--out DIR] ...</c>.
/// Writes per image NAME.csv, NAME.geojson (QuPath), NAME.roiset.zip (ImageJ), NAME.overlay.png
/// and, with --proximity-map, NAME.proximity.tif. A failed image is reported and the rest go on;
/// Ctrl+C stops cleanly between tiles. With --server the running service detects (the same files and
/// lines come out); without it, the pipeline in this process.
/// </summary>
public sealed class DetectCommand(ImageFileReader reader, ModelCatalog catalog) : ICliCommand
{
    public Command Definition()
    {
        var input = Define.Positional("IMAGE|DIR", "an image file, or a folder whose images (.tif, .tiff, .png, .jpg, .bmp) are all detected");
        var model = Define.Text("--model", $"a .cdmodel file or a built-in model ({ModelCatalog.BrightfieldModel}, {ModelCatalog.FluorescenceModel})", "model", defaultText: "chosen from the image (channels, dark or bright background) and printed");
        var stride = Define.OptionalWholeNumber("--stride", "scan step in pixels of the proximity map; larger is faster, 1 is the paper's dense scan (a U-Net model computes every pixel: the stride does not apply)", 1, 64, "the model's (4 for the built-in models)");
        var threshold = Define.OptionalNumber("--threshold", "lowest proximity score that counts as a cell", new Define.Range(0, 1), "the model's, chosen on its validation images or by the cross-validation of its recipe (calibrate)");
        var outDirectory = Define.Text("--out", "folder for NAME.csv, NAME.geojson, NAME.roiset.zip and NAME.overlay.png", "dir", defaultValue: "detections");
        var device = Define.Choice("--device", "where the network runs: auto takes CUDA when TorchSharp reports it", ["auto", "cpu", "cuda"], "auto");
        var proximityMap = Define.Flag("--proximity-map", "also write the proximity map as NAME.proximity.tif (32-bit float; images up to 64 megapixels)");
        var scale = Define.OptionalNumber("--scale", "resize factor applied before detection (0.5 for cells twice the size the model knows)", new Define.Range(0, 8, MinOpen: true), "from the image's and the model's pixel sizes, else 1");
        var peakRadius = Define.OptionalWholeNumber("--peak-radius", "half-width in pixels of the window a cell must be the maximum of", 1, 64, "the model's");
        var patchwise = Define.Flag("--patchwise", "scan patch by patch as in the paper (slow reference) instead of the convolutional scan");
        var precision = Define.Choice("--precision", "number format of the network: auto takes bfloat16 on CPUs with AVX512-BF16, else float32; float16 is for GPUs", ["auto", "float32", "bfloat16", "float16"], "auto");
        var page = Define.OptionalWholeNumber("--page", "the page (0-based) of a multi-page file to detect on: a stack's plane, a hyperstack's Z/T position", 0, 1_000_000, "every page, each written as NAME.pageN.*");
        var pixelSize = Define.OptionalNumber("--pixel-size", "the image's pixel size in microns, overriding the file's; the image is rescaled to the model's pixel size", Define.Range.Above(0), "the file's (TIFF, OME or ImageJ metadata)");
        var cellDiameter = Define.OptionalNumber("--cell-diameter", "typical nucleus diameter in the image, in pixels, for images without calibration: the image is rescaled by the model's recorded diameter over this; overrides the pixel sizes and the estimate", new Define.Range(0, DetectionRequest.MaxCellDiameter, MinOpen: true), "estimated from the image for a model that records the cell diameter it was trained at and is single-channel or was trained with --cell-diameter-from image, when the pixel sizes do not set the scale");
        var tta = Define.Flag("--tta", "test-time augmentation: average the proximity maps of the 8 flips and 90-degree rotations of the image before finding peaks (8 times slower)");
        var server = Define.Text("--server", "detect through the running service on this pipe name or socket path (celldetect serve), which reads the files itself", "name|path", defaultText: "detect in this process");
        var command = new Command("detect", "detect cells in an image or a folder of images")
        {
            input, model, stride, threshold, outDirectory, device, proximityMap, scale, peakRadius, patchwise, precision, page, pixelSize, cellDiameter, tta, server,
        };
        Define.Body(command, (r, output, error) => Run(
            new DetectOptions(r.GetValue(input)!, r.GetValue(model), r.GetValue(stride), r.GetValue(threshold), r.GetValue(outDirectory)!, r.GetValue(device)!,
                r.GetValue(proximityMap), r.GetValue(scale), r.GetValue(peakRadius), r.GetValue(patchwise), r.GetValue(precision)!, r.GetValue(page),
                r.GetValue(pixelSize), r.GetValue(cellDiameter), r.GetValue(tta), r.GetValue(server)),
            output,
            error));
        return command;
    }

    public int Run(DetectOptions options, TextWriter output, TextWriter error)
    {
        var input = options.Input;
        var images = Directory.Exists(input) ? AnnotatedImageFolder.ImagesIn(input) : File.Exists(input) ? new[] { input } : throw new FileNotFoundException($"No image or folder at '{input}'.");
        if (images.Count == 0)
        {
            throw new UsageException($"No images (.tif, .tiff, .png, .jpg, .bmp) in '{input}'.");
        }
        var files = DetectionFileKinds.Default | (options.ProximityMap ? DetectionFileKinds.ProximityMap : DetectionFileKinds.None);
        if (options.Server is { } server)
        {
            using var service = ServicePageDetector.Connect(server, ServiceParameters(options), reader);
            return DetectAll(service, images, options.Page, files, options.Out, output, error);
        }
        TorchRuntime.ConfigureThreads();
        var pipeline = new DetectionPipeline(catalog, reader, ComputeDevice.Resolve(options.Device, options.Precision));
        if (options.Model is { } modelChoice && pipeline.Model(modelChoice).Metadata is { CellDiameterPixels: null } metadata && options.CellDiameter is not null && options.Scale is null)
        {
            throw new UsageException($"--cell-diameter: model {metadata.Name} does not record the cell diameter it was trained at; give --scale instead.");
        }
        var request = new DetectionRequest
        {
            Model = options.Model,
            Stride = options.Stride,
            Threshold = options.Threshold,
            Strategy = options.Patchwise ? ScanStrategy.Patchwise : ScanStrategy.FullyConvolutional,
            KeepMap = options.ProximityMap,
            Scale = options.Scale,
            PeakRadius = options.PeakRadius,
            PixelSizeMicrons = options.PixelSize,
            CellDiameterPixels = options.CellDiameter,
            TestTimeAugmentation = options.TestTimeAugmentation,
        };
        return DetectAll(new InProcessPageDetector(pipeline, request), images, options.Page, files, options.Out, output, error);
    }

    /// <summary>
    /// The protocol's detect parameters for the options; options the protocol has no parameter for are
    /// refused rather than ignored, and the device and precision are the service's, chosen when it started.
    /// </summary>
    private static DetectParams ServiceParameters(DetectOptions options)
    {
        var unsupported = new (bool Given, string Option)[]
        {
            (options.Scale is not null, "--scale"), (options.PeakRadius is not null, "--peak-radius"), (options.Patchwise, "--patchwise"),
            (options.Device != "auto", "--device"), (options.Precision != "auto", "--precision"),
        }.Where(o => o.Given).Select(o => o.Option).ToList();
        if (unsupported.Count > 0)
        {
            throw new UsageException($"{string.Join(", ", unsupported)} cannot be used with --server: the service's protocol has no such parameter (device and precision are chosen when the service starts).");
        }
        return new DetectParams
        {
            // A model file is read by the service, from its own working directory: send its full path.
            Model = options.Model is { } model && File.Exists(model) ? Path.GetFullPath(model) : options.Model,
            Stride = options.Stride,
            Threshold = options.Threshold,
            PixelSizeMicrons = options.PixelSize,
            CellDiameterPixels = options.CellDiameter,
            // Left out when off, as the protocol's default, so that a service older than the parameter still takes the request.
            TestTimeAugmentation = options.TestTimeAugmentation ? true : null,
            Outputs = options.ProximityMap ? new DetectOutputs(ProximityMap: true) : null,
        };
    }

    private int DetectAll(IPageDetector detector, IReadOnlyList<string> images, int? page, DetectionFileKinds files, string outDirectory, TextWriter output, TextWriter error)
    {
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
                    DetectFile(detector, path, page, files, outDirectory, output, error, cancellation.Token);
                }
                catch (Exception e) when (e is IOException or InvalidDataException or NotSupportedException or ArgumentException or UnauthorizedAccessException or CellDetectException)
                {
                    failures++;
                    error.WriteLine($"celldetect detect: {path}: {e.Message}");
                }
                catch (OperationCanceledException)
                {
                    error.WriteLine($"celldetect detect: cancelled during {path}; its outputs were not written, earlier images are complete.");
                    return ExitCodes.Cancelled;
                }
            }
            if (images.Count > 1)
            {
                output.WriteLine($"{images.Count - failures} of {images.Count} images done; results in {Path.GetFullPath(outDirectory)}");
            }
            return failures == 0 ? ExitCodes.Done : ExitCodes.InputsFailed;
        }
        finally
        {
            Console.CancelKeyPress -= stop;
        }
    }

    /// <summary>Detects on one page of a file, or on every page of a multi-page file when no page is given.</summary>
    private void DetectFile(IPageDetector detector, string path, int? page, DetectionFileKinds files, string outDirectory, TextWriter output, TextWriter error, CancellationToken cancellation)
    {
        var info = reader.Identify(path);
        if (page >= info.Pages)
        {
            throw new ArgumentException($"--page {page}: the file has {info.Pages} page(s), numbered from 0.");
        }
        foreach (var p in page is { } only ? new[] { only } : Enumerable.Range(0, info.Pages))
        {
            DetectPage(detector, path, p, info, files, outDirectory, output, error, cancellation);
        }
    }

    private static void DetectPage(IPageDetector detector, string path, int page, ImageInfo info, DetectionFileKinds files, string outDirectory, TextWriter output, TextWriter error, CancellationToken cancellation)
    {
        var name = Path.GetFileName(path) + (info.Pages > 1 ? $" page {page}" : "");
        var readWhole = detector.ReadsWhole(info.Width, info.Height);
        var (kinds, warnings) = DetectionFiles.Plan(files, info.Width, info.Height, readWhole);
        var clock = Stopwatch.StartNew();
        var bar = new ConsoleProgress(error);
        var progress = readWhole ? null : new SynchronousProgress<DetectionProgress>(p =>
        {
            var remaining = TimeSpan.FromSeconds(clock.Elapsed.TotalSeconds / p.Done * (p.Total - p.Done));
            bar.Show(p.Done / (double)p.Total, $"{name}: tile {p.Done}/{p.Total}, left {ConsoleProgress.Duration(remaining)}", p.Done == p.Total);
        });
        var outcome = detector.Detect(path, page, progress, cancellation);
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
        var estimated = outcome.EstimatedCellDiameter is { } diameter ? $"cells about {diameter:0.#} px across by the image" : null;
        var scale = outcome.MapScale == 1.0 ? (estimated is null ? "" : $", {estimated}: no rescaling") : $", rescaled x{outcome.MapScale:0.###} to the model's scale{(estimated is null ? "" : $" ({estimated})")}";
        var averaged = outcome.MapsAveraged ? ", maps of 8 flips/rotations averaged" : "";
        output.WriteLine($"{name}: {outcome.Cells.Count} cells (model {outcome.Model.Name}, {outcome.Device.Precision.OptionName()}, stride {outcome.Stride}, threshold {outcome.Threshold:0.###}{scale}{averaged}) in {outcome.Timings.TotalMs / 1000:0.00} s -> {stem}.csv");
    }
}
