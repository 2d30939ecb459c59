using CellDetect.Core.Datasets;
using CellDetect.Core.Detection;
using CellDetect.Core.Imaging;
using CellDetect.Model.Files;
using TorchSharp;

namespace CellDetect.Model.Inference;

/// <summary>
/// Detects cells with a loaded model. The image is processed tile by tile: each tile's proximity map
/// is fused with a margin wide enough for the patches and the peak search that reach into it, so the
/// cells found are exactly those of whole-image processing, none lost or doubled at tile borders, and
/// memory stays bounded whatever the image size. An in-memory image is first rescaled to the model's
/// scale (<see cref="ScaleFor(DetectionSettings, PixelSize?, ModelMetadata)"/>) and the cells mapped back.
/// Each cell's score is its peak proximity.
/// </summary>
public sealed class CellDetector
{
    /// <summary>Pixel sizes within this relative difference are treated as equal (no resampling).</summary>
    private const double ScaleTolerance = 0.05;

    /// <summary>Tiles' worth of columns read at once from the image (one read serves about this many tiles).</summary>
    private const int ReadAheadTiles = 8;

    private readonly LoadedModel model;
    private readonly ProximityPredictor predictor;
    private readonly PassQueue? queue;

    /// <param name="model">the model, on the device it runs on (<see cref="LoadedModel.Device"/>)</param>
    /// <param name="queue">where passes on that device wait their turn when detections run concurrently; null when this detector is the device's only user</param>
    /// <param name="batchSize">tiles per pass; by default the device's (<see cref="ComputeDevice.TileBatch"/>)</param>
    public CellDetector(LoadedModel model, PassQueue? queue = null, int tileSize = 512, int? batchSize = null)
    {
        this.model = model;
        this.queue = queue;
        predictor = new ProximityPredictor(model.Network, model.Device) { TileSize = tileSize, BatchSize = batchSize ?? model.Device.TileBatch };
    }

    public ModelMetadata Metadata => model.Metadata;

    public DetectionResult Detect(PlanarImage image, DetectionSettings? settings = null, IProgress<TileProgress>? progress = null, CancellationToken cancellation = default)
    {
        settings ??= new DetectionSettings();
        var estimated = NeedsEstimatedDiameter(settings, image.PixelSize, model.Metadata) ? CellDiameterEstimator.EstimateFromImage(image, cancellation) : null;
        if (estimated is not null)
        {
            settings = settings with { CellDiameterPixels = estimated };
        }
        var scale = ScaleFor(settings, image.PixelSize, model.Metadata);
        if (scale == 1.0)
        {
            return Detect(new InMemoryRegionSource(image), settings, progress, cancellation) with { EstimatedCellDiameter = estimated };
        }
        var resizedPixel = image.PixelSize is { } size ? new PixelSize(size.XMicrons / scale, size.YMicrons / scale) : (PixelSize?)null;
        var resized = BilinearResampler.Resize(image, Math.Max(1, (int)Math.Round(image.Width * scale)), Math.Max(1, (int)Math.Round(image.Height * scale)), resizedPixel);
        var result = Detect(new InMemoryRegionSource(resized), settings, progress, cancellation);
        var (scaleX, scaleY) = (resized.Width / (double)image.Width, resized.Height / (double)image.Height);
        var cells = result.Cells.Select(p => p with { X = BilinearResampler.ToOriginal(p.X, scaleX), Y = BilinearResampler.ToOriginal(p.Y, scaleY) }).ToList();
        return result with { Cells = cells, MapScale = scale, EstimatedCellDiameter = estimated };
    }

    /// <summary>
    /// True when nothing but the image itself can say how large its cells are, and the model was trained at one cell
    /// size (it records <see cref="ModelMetadata.CellDiameterPixels"/>) by a rule the estimate matches: no scale or cell
    /// diameter was given, and the image and the model do not both know their pixel size. The image's cell diameter is
    /// then estimated from its pixels (<see cref="CellDiameterEstimator.EstimateFromImage"/>). That is done for models
    /// whose training images were measured the same way (<see cref="CellDiameterSource.Image"/>), and for single-channel
    /// (fluorescence) models measured by their clicks, where the estimate agrees with the clicks within 6%; colour models
    /// measured by their clicks are left at the image's own scale, because there the estimate reads crchisto's nuclei
    /// 10-40% small (chromatin texture; docs/results.md).
    /// </summary>
    public static bool NeedsEstimatedDiameter(DetectionSettings settings, PixelSize? imagePixelSize, ModelMetadata metadata) =>
        EstimatesCellDiameter(metadata) && settings.Scale is null && settings.CellDiameterPixels is null && (imagePixelSize is null || metadata.PixelSizeMicrons is null);

    /// <summary>True when the model has an uncalibrated image's cell size estimated (<see cref="NeedsEstimatedDiameter"/>).</summary>
    public static bool EstimatesCellDiameter(ModelMetadata metadata) =>
        metadata.CellDiameterPixels is not null && (metadata.Channels == ChannelMapping.Gray || metadata.CellDiameterSource == CellDiameterSource.Image);

    /// <summary>Detects in an image read region by region (no rescaling: the caller's pixels are the model's).</summary>
    public DetectionResult Detect(IRegionSource source, DetectionSettings? settings = null, IProgress<TileProgress>? progress = null, CancellationToken cancellation = default)
    {
        settings ??= new DetectionSettings();
        var metadata = model.Metadata;
        var stride = settings.Stride ?? metadata.Stride;
        var threshold = (float)(settings.Threshold ?? metadata.Threshold);
        var ranges = PreparedRegionSource.MeasureRanges(source, metadata.Channels, metadata.Normalization);
        var prepared = new ReadAheadRegionSource(new PreparedRegionSource(source, metadata.Channels, ranges), ReadAheadTiles * predictor.TileSize);
        var peakRadius = settings.PeakRadius ?? metadata.PeakRadius;
        var peakFinder = new PeakFinder(peakRadius);
        var margin = peakRadius + 1;
        var map = settings.KeepMap ? new float[source.Width * source.Height] : null;
        var cells = new List<CellPoint>();
        var queued = TimeSpan.Zero;
        var tiles = Tiling.Cover(source.Width, source.Height, predictor.TileSize);
        for (int t = 0; t < tiles.Count; t += predictor.BatchSize)
        {
            cancellation.ThrowIfCancellationRequested();
            var batch = tiles.Skip(t).Take(predictor.BatchSize).ToList();
            var windows = batch.Select(tile => Grow(tile, margin, source.Width, source.Height)).ToList();
            IReadOnlyList<float[]> maps;
            if (queue is null)
            {
                maps = predictor.FuseWindows(prepared, windows, stride, settings.Strategy, settings.TestTimeAugmentation);
            }
            else
            {
                (maps, var waited) = queue.Run(() => predictor.FuseWindows(prepared, windows, stride, settings.Strategy, settings.TestTimeAugmentation), cancellation);
                queued += waited;
            }
            for (int i = 0; i < batch.Count; i++)
            {
                var (tile, window, values) = (batch[i], windows[i], maps[i]);
                var core = new PixelRegion(tile.X - window.X, tile.Y - window.Y, tile.Width, tile.Height);
                cells.AddRange(peakFinder.Find(values, window.Width, window.Height, threshold, window.X, window.Y, InsideFrame(core, window.X, window.Y, source.Width, source.Height)));
                if (map is not null)
                {
                    for (int y = 0; y < tile.Height; y++)
                    {
                        values.AsSpan((core.Y + y) * window.Width + core.X, tile.Width).CopyTo(map.AsSpan((tile.Y + y) * source.Width + tile.X, tile.Width));
                    }
                }
                progress?.Report(new TileProgress(t + i + 1, tiles.Count));
            }
        }
        return new DetectionResult(cells, stride, threshold, 1.0, map, source.Width, source.Height) { Queued = queued };
    }

    /// <summary>A tile grown by <paramref name="margin"/> on every side, clipped to the image.</summary>
    private static PixelRegion Grow(PixelRegion tile, int margin, int width, int height)
    {
        var (x0, y0) = (Math.Max(0, tile.X - margin), Math.Max(0, tile.Y - margin));
        return new PixelRegion(x0, y0, Math.Min(width, tile.Right + margin) - x0, Math.Min(height, tile.Bottom + margin) - y0);
    }

    /// <summary>
    /// The part of a tile (window coordinates) that may hold a peak: not the image's outermost pixel
    /// frame. The map there is cut off, not maximal: on crchisto 6% of detections but 0.2% of the
    /// clicked centres lay on that frame.
    /// </summary>
    public static PixelRegion InsideFrame(PixelRegion core, int windowX, int windowY, int width, int height)
    {
        var left = Math.Max(core.X, 1 - windowX);
        var top = Math.Max(core.Y, 1 - windowY);
        var right = Math.Min(core.Right, width - 1 - windowX);
        var bottom = Math.Min(core.Bottom, height - 1 - windowY);
        return new PixelRegion(left, top, Math.Max(0, right - left), Math.Max(0, bottom - top));
    }

    /// <summary>
    /// The resize factor a detection applies, best source first: the request's scale; the model's cell diameter over
    /// the image's (<see cref="DetectionSettings.CellDiameterPixels"/>, for images without calibration); the image's
    /// pixel size over the model's; else 1. Throws <see cref="ArgumentException"/> when a cell diameter is given for a
    /// model that does not record the one it was trained at.
    /// </summary>
    public static double ScaleFor(DetectionSettings settings, PixelSize? imagePixelSize, ModelMetadata metadata)
    {
        if (settings.Scale is { } scale)
        {
            return scale;
        }
        if (settings.CellDiameterPixels is { } diameter)
        {
            var trained = metadata.CellDiameterPixels ?? throw new ArgumentException(
                $"model {metadata.Name} does not record the cell diameter it was trained at, so a cell diameter cannot set the scale; give the resize factor (--scale) instead.");
            return Snapped(trained / diameter);
        }
        return ScaleFor(imagePixelSize, metadata.PixelSizeMicrons);
    }

    /// <summary>Model pixels per image pixel: image pixel size / model pixel size, or 1 when either is unknown or they agree.</summary>
    public static double ScaleFor(PixelSize? imagePixelSize, double? modelPixelSizeMicrons)
    {
        if (imagePixelSize is not { } size || modelPixelSizeMicrons is not { } model || model <= 0 || size.Mean <= 0)
        {
            return 1.0;
        }
        return Snapped(size.Mean / model);
    }

    /// <summary>The factor as applied: 1 (no resampling) when it is within 5% of 1.</summary>
    public static double Snapped(double scale) => Math.Abs(scale - 1.0) <= ScaleTolerance ? 1.0 : scale;
}
