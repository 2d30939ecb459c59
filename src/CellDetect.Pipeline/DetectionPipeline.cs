using System.Diagnostics;
using CellDetect.Core.Detection;
using CellDetect.Core.Imaging;
using CellDetect.Imaging.Images;
using CellDetect.Model;
using CellDetect.Model.Files;
using CellDetect.Model.Inference;

namespace CellDetect.Pipeline;

/// <summary>
/// Image in, cells out: the one detection path behind the command line, the service and the hosts.
/// It reads the input (whole when it fits the in-memory limit, region by region otherwise), chooses a
/// built-in model when none is named and says why, runs the detector on the pipeline's device with
/// the models of the shared catalog, and returns the cells in the input's pixel coordinates.
/// Detections may be called from many threads at once: their network passes take turns on the
/// device through one <see cref="PassQueue"/>, in arrival order.
/// </summary>
public sealed class DetectionPipeline
{
    /// <summary>Side of the central crop that decides the model of an image too large to read whole.</summary>
    private const int ModelChoiceSample = 1024;

    private readonly ModelCatalog catalog;
    private readonly ImageFileReader reader;
    private readonly PipelineOptions options;
    private readonly PassQueue queue;

    public DetectionPipeline(ModelCatalog catalog, ImageFileReader reader, ComputeDevice device, PipelineOptions? options = null)
    {
        this.catalog = catalog;
        this.reader = reader;
        this.options = options ?? new PipelineOptions();
        Device = device;
        queue = new PassQueue(this.options.MaxWaitingDetections);
    }

    public ComputeDevice Device { get; }

    /// <summary>True when an image (or region) of this size is read whole; larger ones stream tile by tile.</summary>
    public bool ReadsWhole(int width, int height) => options.ReadsWhole(width, height);

    /// <summary>A model of the catalog on this pipeline's device (loaded once, shared).</summary>
    public LoadedModel Model(string nameOrPath) => catalog.Get(nameOrPath, Device);

    public DetectionOutcome Detect(DetectionInput input, DetectionRequest? request = null, IProgress<DetectionProgress>? progress = null, CancellationToken cancellation = default)
    {
        request ??= new DetectionRequest();
        request.Validate();
        var clock = Stopwatch.StartNew();
        var opened = Open(input);
        var region = input.Region ?? PixelRegion.Full(opened.Width, opened.Height);
        if (!region.FitsIn(opened.Width, opened.Height))
        {
            throw new InvalidDetectionParameterException("region", $"The region {region} is not inside {input.Name} ({opened.Width}x{opened.Height}).",
                new Dictionary<string, double> { ["width"] = opened.Width, ["height"] = opened.Height });
        }
        var inMemory = ReadsWhole(region.Width, region.Height);
        if (!inMemory && request.KeepMap)
        {
            throw new InvalidDetectionParameterException("keepMap", $"The proximity map is not available for images over {options.InMemoryPixels / 1_000_000} megapixels ({region.Width}x{region.Height}); the map alone would not fit in memory.");
        }
        var image = inMemory ? opened.Read(region) : null;
        IRegionSource source = image is null ? new RegionWindow(opened.Source, region) : new InMemoryRegionSource(image);
        image = image?.WithPixelSize(PixelSizeOf(request, image.PixelSize));
        var readMs = clock.Elapsed.TotalMilliseconds;
        cancellation.ThrowIfCancellationRequested();

        var warnings = new List<string>();
        if (image?.CountNonFinite() is > 0 and var nonFinite)
        {
            warnings.Add($"{nonFinite} pixel values are NaN or infinite; they were treated as background");
        }
        var model = ChooseModel(request.Model, image ?? source.ReadRegion(Centre(source, ModelChoiceSample)));
        var loaded = catalog.Get(model.Source, Device);
        if (request.CellDiameterPixels is not null && request.Scale is null && loaded.Metadata.CellDiameterPixels is null)
        {
            throw new InvalidDetectionParameterException("cellDiameterPixels",
                $"model {loaded.Metadata.Name} does not record the cell diameter it was trained at, so a cell diameter cannot set the image's scale; leave it out, or give the pixel size.");
        }
        var detector = new CellDetector(loaded, queue, options.TileSize);
        var settings = new DetectionSettings(request.Stride, request.Threshold, request.Strategy, request.KeepMap, request.Scale, request.PeakRadius, request.CellDiameterPixels, request.TestTimeAugmentation);
        if (image is null && CellDetector.ScaleFor(settings, PixelSizeOf(request, source.PixelSize), loaded.Metadata) is var scale && scale != 1.0)
        {
            warnings.Add(FormattableString.Invariant($"not rescaled by {scale:0.###} to the model's scale: images over {options.InMemoryPixels / 1_000_000} megapixels are detected at their own scale"));
        }
        else if (image is null && CellDetector.NeedsEstimatedDiameter(settings, PixelSizeOf(request, source.PixelSize), loaded.Metadata))
        {
            warnings.Add(FormattableString.Invariant($"model {loaded.Metadata.Name} was trained at cells {loaded.Metadata.CellDiameterPixels} px across, and the cell size of images over {options.InMemoryPixels / 1_000_000} megapixels is not estimated: detected at its own scale; give the cell diameter (or the pixel size) to rescale it"));
        }
        var tiles = progress is null ? null : new Progress(progress);
        var result = image is null
            ? detector.Detect(source, settings, tiles, cancellation)
            : detector.Detect(image, settings, tiles, cancellation);
        var cells = region.X == 0 && region.Y == 0 ? result.Cells : result.Cells.Select(c => c with { X = c.X + region.X, Y = c.Y + region.Y }).ToList();
        var total = clock.Elapsed.TotalMilliseconds;
        return new DetectionOutcome
        {
            Cells = cells,
            Model = model with { Name = loaded.Metadata.Name },
            Device = Device,
            Stride = result.Stride,
            Threshold = result.Threshold,
            Width = opened.Width,
            Height = opened.Height,
            Page = input is FileInput file ? file.Page : 0,
            Region = input.Region,
            MapScale = result.MapScale,
            MapsAveraged = request.TestTimeAugmentation,
            EstimatedCellDiameter = result.EstimatedCellDiameter,
            Map = result.Map,
            MapWidth = result.MapWidth,
            MapHeight = result.MapHeight,
            Image = image,
            Warnings = warnings,
            Timings = new DetectionTimings(readMs, result.Queued.TotalMilliseconds, total - readMs, total),
        };
    }

    /// <summary>The request's pixel size, else the input's own.</summary>
    private static PixelSize? PixelSizeOf(DetectionRequest request, PixelSize? own) =>
        request.PixelSizeMicrons is { } microns ? new PixelSize(microns, microns) : own;

    /// <summary>The model the request names, or the built-in one that suits the image, with the reason.</summary>
    private static ModelChoice ChooseModel(string? requested, PlanarImage sample)
    {
        if (requested is not null)
        {
            return new ModelChoice(requested, requested, null);
        }
        var (name, reason) = ModelCatalog.ChooseFor(sample);
        return new ModelChoice(name, name, reason);
    }

    private OpenedInput Open(DetectionInput input) => input switch
    {
        FileInput file => OpenedInput.File(reader, file),
        ImageInput memory => OpenedInput.Memory(memory.Image),
        PixelsInput pixels => OpenedInput.Memory(pixels.Pixels.ToPlanarImage()),
        SourceInput streamed => new OpenedInput(streamed.Source, region => streamed.Source.ReadRegion(region)),
        _ => throw new ArgumentException($"Unknown input kind {input.GetType().Name}."),
    };

    private static PixelRegion Centre(IRegionSource source, int side)
    {
        var (w, h) = (Math.Min(side, source.Width), Math.Min(side, source.Height));
        return new PixelRegion((source.Width - w) / 2, (source.Height - h) / 2, w, h);
    }

    /// <summary>An input ready to read: as a region source, and as a whole region in memory.</summary>
    private sealed record OpenedInput(IRegionSource Source, Func<PixelRegion, PlanarImage> Read)
    {
        public int Width => Source.Width;

        public int Height => Source.Height;

        public static OpenedInput File(ImageFileReader reader, FileInput file)
        {
            if (!System.IO.File.Exists(file.Path))
            {
                throw new FileNotFoundException($"No image at '{file.Path}'.", file.Path);
            }
            var source = new FileRegionSource(reader, file.Path, file.Page);
            if (file.Page < 0 || file.Page >= source.Info.Pages)
            {
                throw new InvalidDetectionParameterException("page", $"{file.Path} has {source.Info.Pages} page(s) (0 to {source.Info.Pages - 1}); page {file.Page} does not exist.",
                    new Dictionary<string, double> { ["pages"] = source.Info.Pages });
            }
            // A whole page is decoded at once (faster than region reads of a strip TIFF); a region reads only its tiles.
            return new OpenedInput(source, region => region == PixelRegion.Full(source.Width, source.Height) ? reader.Read(file.Path, file.Page) : reader.ReadRegion(file.Path, region, file.Page));
        }

        public static OpenedInput Memory(PlanarImage image)
        {
            var source = new InMemoryRegionSource(image);
            return new OpenedInput(source, region => region == PixelRegion.Full(image.Width, image.Height) ? image : source.ReadRegion(region));
        }
    }

    /// <summary>Tile progress of the detector as the pipeline's progress.</summary>
    private sealed class Progress(IProgress<DetectionProgress> target) : IProgress<TileProgress>
    {
        public void Report(TileProgress value) => target.Report(new DetectionProgress(value.TilesDone, value.TilesTotal, DetectionStages.Detect));
    }
}
