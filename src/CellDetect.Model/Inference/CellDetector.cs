using CellDetect.Core.Detection;
using CellDetect.Core.Imaging;
using CellDetect.Model.Files;

namespace CellDetect.Model.Inference;

/// <summary>
/// Detects cells with a loaded model: rescales the image to the model's pixel size when both are
/// known, maps channels, normalises, fuses the proximity map, and returns its peaks above the
/// threshold in the original image's coordinates. Each cell's score is its peak proximity.
/// </summary>
public sealed class CellDetector
{
    /// <summary>Pixel sizes within this relative difference are treated as equal (no resampling).</summary>
    private const double ScaleTolerance = 0.05;

    private readonly LoadedModel model;
    private readonly ProximityPredictor predictor;

    public CellDetector(LoadedModel model)
    {
        this.model = model;
        predictor = new ProximityPredictor(model.Network, TorchRuntime.Device);
    }

    public ModelMetadata Metadata => model.Metadata;

    public DetectionResult Detect(PlanarImage image, DetectionSettings? settings = null, IProgress<TileProgress>? progress = null, CancellationToken cancellation = default)
    {
        settings ??= new DetectionSettings();
        var metadata = model.Metadata;
        var scale = ScaleFor(image.PixelSize, metadata.PixelSizeMicrons);
        var working = scale == 1.0
            ? image
            : BilinearResampler.Resize(image, Math.Max(1, (int)Math.Round(image.Width * scale)), Math.Max(1, (int)Math.Round(image.Height * scale)), new PixelSize(metadata.PixelSizeMicrons!.Value, metadata.PixelSizeMicrons.Value));
        var input = metadata.Normalization.Normalize(metadata.Channels.Apply(working));
        var stride = settings.Stride ?? metadata.Stride;
        var threshold = settings.Threshold ?? metadata.Threshold;
        var map = predictor.Predict(input, stride, settings.Strategy, progress, cancellation);
        var peaks = new PeakFinder(metadata.PeakRadius).Find(map, input.Width, input.Height, (float)threshold);
        var cells = scale == 1.0
            ? peaks
            : peaks.Select(p => p with { X = BilinearResampler.ToOriginal(p.X, input.Width / (double)image.Width), Y = BilinearResampler.ToOriginal(p.Y, input.Height / (double)image.Height) }).ToList();
        return new DetectionResult(cells, stride, threshold, scale, settings.KeepMap ? map : null, input.Width, input.Height);
    }

    /// <summary>Model pixels per image pixel: image pixel size / model pixel size, or 1 when either is unknown or they agree.</summary>
    public static double ScaleFor(PixelSize? imagePixelSize, double? modelPixelSizeMicrons)
    {
        if (imagePixelSize is not { } size || modelPixelSizeMicrons is not { } model || model <= 0 || size.Mean <= 0)
        {
            return 1.0;
        }
        var scale = size.Mean / model;
        return Math.Abs(scale - 1.0) <= ScaleTolerance ? 1.0 : scale;
    }
}
