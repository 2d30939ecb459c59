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

/// <summary>
/// <c>celldetect detect IMAGE|DIR [--model MODEL] [--stride S] [--threshold Z] [--out DIR]</c>.
/// Writes per image NAME.csv, NAME.geojson (QuPath), NAME.roiset.zip (ImageJ), NAME.overlay.png
/// and, with --proximity-map, NAME.proximity.tif. A failed image is reported and the rest go on;
/// Ctrl+C stops cleanly between tiles.
/// </summary>
public sealed class DetectCommand(ImageFileReader reader, ModelCatalog catalog) : ICliCommand
{
    /// <summary>Above this many pixels an image is streamed tile by tile instead of read whole.</summary>
    public const long LargeImagePixels = 64_000_000;

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
        arguments.RejectUnknown();
        if (scale is <= 0 or > 8)
        {
            throw new UsageException("--scale must be a factor in (0, 8], e.g. 0.5 for cells twice the size the model knows.");
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
                DetectOne(path, modelChoice, computeDevice, new DetectionSettings(stride, threshold, strategy, writeMap, scale, peakRadius), outDirectory, output, error, cancellation.Token);
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

    private void DetectOne(string path, string? modelChoice, ComputeDevice device, DetectionSettings settings, string outDirectory, TextWriter output, TextWriter error, CancellationToken cancellation)
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
        var detector = new CellDetector(catalog.Get(modelName, device));
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
        output.WriteLine($"{Path.GetFileName(path)}: {result.Cells.Count} cells (model {detector.Metadata.Name}, {device.Precision.OptionName()}, stride {result.Stride}, threshold {result.Threshold:0.###}{scale}) in {seconds:0.00} s -> {stem}.csv");
    }

    private static CellDetect.Core.Imaging.PixelRegion Centre(FileRegionSource source, int side)
    {
        var (w, h) = (Math.Min(side, source.Width), Math.Min(side, source.Height));
        return new CellDetect.Core.Imaging.PixelRegion((source.Width - w) / 2, (source.Height - h) / 2, w, h);
    }
}
