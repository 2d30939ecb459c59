using System.CommandLine;
using System.Diagnostics;
using CellDetect.Cli.Data;
using CellDetect.Imaging.Annotations;
using CellDetect.Imaging.Images;
using CellDetect.Imaging.Maps;
using CellDetect.Imaging.Overlays;
using CellDetect.Model;
using CellDetect.Model.Files;
using CellDetect.Model.Inference;

namespace CellDetect.Cli.Commands;

/// <summary>What <c>celldetect detect</c> was asked to do; null means "as the model file says" (or, for the model, "chosen from the image").</summary>
public sealed record DetectOptions(string Input, string? Model, int? Stride, double? Threshold, string Out, string Device, bool ProximityMap, double? Scale, int? PeakRadius, bool Patchwise, string Precision);

/// <summary>
/// <c>celldetect detect IMAGE|DIR [--model MODEL] [--stride S] [--threshold Z] [--out DIR] ...</c>.
/// Writes per image NAME.csv, NAME.geojson (QuPath), NAME.roiset.zip (ImageJ), NAME.overlay.png
/// and, with --proximity-map, NAME.proximity.tif. A failed image is reported and the rest go on;
/// Ctrl+C stops cleanly between tiles.
/// </summary>
public sealed class DetectCommand(ImageFileReader reader, ModelCatalog catalog) : ICliCommand
{
    /// <summary>Above this many pixels an image is streamed tile by tile instead of read whole.</summary>
    public const long LargeImagePixels = 64_000_000;

    public Command Definition()
    {
        var input = Define.Positional("IMAGE|DIR", "an image file, or a folder whose images (.tif, .tiff, .png, .jpg, .bmp) are all detected");
        var model = Define.Text("--model", $"a .cdmodel file or a built-in model ({ModelCatalog.BrightfieldModel}, {ModelCatalog.FluorescenceModel})", "model", defaultText: "chosen from the image (channels, dark or bright background) and printed");
        var stride = Define.OptionalWholeNumber("--stride", "scan step in pixels of the proximity map; larger is faster, 1 is the paper's dense scan", 1, 64, "the model's (4 for the built-in models)");
        var threshold = Define.OptionalNumber("--threshold", "lowest proximity score that counts as a cell", new Define.Range(0, 1), "the model's, chosen on its validation images");
        var outDirectory = Define.Text("--out", "folder for NAME.csv, NAME.geojson, NAME.roiset.zip and NAME.overlay.png", "dir", defaultValue: "detections");
        var device = Define.Choice("--device", "where the network runs: auto takes CUDA when TorchSharp reports it", ["auto", "cpu", "cuda"], "auto");
        var proximityMap = Define.Flag("--proximity-map", "also write the proximity map as NAME.proximity.tif (32-bit float; images up to 64 megapixels)");
        var scale = Define.OptionalNumber("--scale", "resize factor applied before detection (0.5 for cells twice the size the model knows)", new Define.Range(0, 8, MinOpen: true), "from the image's and the model's pixel sizes, else 1");
        var peakRadius = Define.OptionalWholeNumber("--peak-radius", "half-width in pixels of the window a cell must be the maximum of", 1, 64, "the model's");
        var patchwise = Define.Flag("--patchwise", "scan patch by patch as in the paper (slow reference) instead of the convolutional scan");
        var precision = Define.Choice("--precision", "number format of the network: auto takes bfloat16 on CPUs with AVX512-BF16, else float32; float16 is for GPUs", ["auto", "float32", "bfloat16", "float16"], "auto");
        var command = new Command("detect", "detect cells in an image or a folder of images")
        {
            input, model, stride, threshold, outDirectory, device, proximityMap, scale, peakRadius, patchwise, precision,
        };
        Define.Body(command, (r, output, error) => Run(
            new DetectOptions(r.GetValue(input)!, r.GetValue(model), r.GetValue(stride), r.GetValue(threshold), r.GetValue(outDirectory)!, r.GetValue(device)!,
                r.GetValue(proximityMap), r.GetValue(scale), r.GetValue(peakRadius), r.GetValue(patchwise), r.GetValue(precision)!),
            output,
            error));
        return command;
    }

    public int Run(DetectOptions options, TextWriter output, TextWriter error)
    {
        var input = options.Input;
        var modelChoice = options.Model;
        var stride = options.Stride;
        var threshold = options.Threshold;
        var outDirectory = options.Out;
        var device = options.Device;
        var writeMap = options.ProximityMap;
        var scale = options.Scale;
        var peakRadius = options.PeakRadius;
        var strategy = options.Patchwise ? ScanStrategy.Patchwise : ScanStrategy.FullyConvolutional;
        var precisionChoice = options.Precision;

        var images = Directory.Exists(input) ? AnnotatedImageFolder.ImagesIn(input) : File.Exists(input) ? new[] { input } : throw new FileNotFoundException($"No image or folder at '{input}'.");
        if (images.Count == 0)
        {
            throw new UsageException($"No images (.tif, .tiff, .png, .jpg, .bmp) in '{input}'.");
        }
        TorchRuntime.Configure(device);
        var precision = TorchRuntime.ResolvePrecision(precisionChoice);
        Directory.CreateDirectory(outDirectory);
        using var cancellation = new CancellationTokenSource();
        ConsoleCancelEventHandler stop = (_, e) =>
        {
            e.Cancel = true;
            cancellation.Cancel();
        };
        Console.CancelKeyPress += stop;
        var failures = 0;
        foreach (var path in images)
        {
            try
            {
                DetectOne(path, modelChoice, precision, new DetectionSettings(stride, threshold, strategy, writeMap, scale, peakRadius), outDirectory, output, error, cancellation.Token);
            }
            catch (Exception e) when (e is IOException or InvalidDataException or NotSupportedException or ArgumentException)
            {
                failures++;
                error.WriteLine($"celldetect detect: {path}: {e.Message}");
            }
            catch (OperationCanceledException)
            {
                error.WriteLine($"celldetect detect: cancelled during {path}; its outputs were not written, earlier images are complete.");
                Console.CancelKeyPress -= stop;
                return 130;
            }
        }
        Console.CancelKeyPress -= stop;
        if (images.Count > 1)
        {
            output.WriteLine($"{images.Count - failures} of {images.Count} images done; results in {Path.GetFullPath(outDirectory)}");
        }
        return failures == 0 ? 0 : 1;
    }

    private void DetectOne(string path, string? modelChoice, InferencePrecision precision, DetectionSettings settings, string outDirectory, TextWriter output, TextWriter error, CancellationToken cancellation)
    {
        var source = new FileRegionSource(reader, path);
        var large = (long)source.Width * source.Height > LargeImagePixels;
        if (large && settings.KeepMap)
        {
            throw new NotSupportedException($"--proximity-map is not available for images over {LargeImagePixels / 1_000_000} megapixels ({source.Width}x{source.Height}); the map alone would not fit in memory.");
        }
        // Small images are read whole (and rescaled to the model's pixel size); large ones stream tile by tile.
        var image = large ? null : reader.Read(path);
        var modelName = modelChoice;
        if (modelName is null)
        {
            var (chosen, reason) = ModelCatalog.ChooseFor(image ?? source.ReadRegion(Centre(source, 1024)));
            modelName = chosen;
            output.WriteLine($"{Path.GetFileName(path)}: using built-in model {chosen} ({reason}; pass --model to choose)");
        }
        var detector = new CellDetector(catalog.Get(modelName, precision));
        var clock = Stopwatch.StartNew();
        var bar = new ConsoleProgress(error);
        var progress = new SynchronousProgress<TileProgress>(p =>
        {
            var remaining = TimeSpan.FromSeconds(clock.Elapsed.TotalSeconds / p.TilesDone * (p.TilesTotal - p.TilesDone));
            bar.Show(p.TilesDone / (double)p.TilesTotal, $"{Path.GetFileName(path)}: tile {p.TilesDone}/{p.TilesTotal}, left {ConsoleProgress.Duration(remaining)}", p.TilesDone == p.TilesTotal);
        });
        var result = image is null ? detector.Detect(source, settings, progress, cancellation) : detector.Detect(image, settings, large ? progress : null, cancellation);
        var seconds = clock.Elapsed.TotalSeconds;
        var name = Path.GetFileNameWithoutExtension(path);
        var stem = Path.Combine(outDirectory, name);
        PointsCsv.Write(stem + ".csv", result.Cells, includeScore: true);
        QuPathGeoJson.Write(stem + ".geojson", result.Cells);
        ImageJRoiSet.Write(stem + ".roiset.zip", result.Cells);
        if (image is not null)
        {
            DetectionOverlay.WritePng(stem + ".overlay.png", image, result.Cells);
        }
        if (result.Map is not null)
        {
            Float32Tiff.Write(stem + ".proximity.tif", result.Map, result.MapWidth, result.MapHeight);
        }
        var scale = result.MapScale == 1.0 ? "" : $", rescaled x{result.MapScale:0.###} to the model's pixel size";
        output.WriteLine($"{Path.GetFileName(path)}: {result.Cells.Count} cells (model {detector.Metadata.Name}, {precision.OptionName()}, stride {result.Stride}, threshold {result.Threshold:0.###}{scale}) in {seconds:0.00} s -> {stem}.csv");
    }

    private static CellDetect.Core.Imaging.PixelRegion Centre(FileRegionSource source, int side)
    {
        var (w, h) = (Math.Min(side, source.Width), Math.Min(side, source.Height));
        return new CellDetect.Core.Imaging.PixelRegion((source.Width - w) / 2, (source.Height - h) / 2, w, h);
    }
}
