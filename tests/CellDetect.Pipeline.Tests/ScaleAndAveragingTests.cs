using CellDetect.Core.Datasets;
using CellDetect.Model.Inference;
using CellDetect.Model;
using CellDetect.Model.Files;

namespace CellDetect.Pipeline.Tests;

/// <summary>
/// The scale a detection runs at (the request's factor, else the cell diameters, else the pixel sizes) and test-time
/// averaging, through the pipeline: the one path behind detect, calibrate, bench and crossval.
/// </summary>
public sealed class ScaleAndAveragingTests(Samples samples) : IClassFixture<Samples>, IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("celldetect-scale-").FullName;

    public void Dispose() => Directory.Delete(directory, true);

    /// <summary>The built-in H&amp;E weights in a file that records a pixel size of 0.5 um and cells 12 px across.</summary>
    private string CalibratedModel()
    {
        var builtIn = samples.Catalog.Get(ModelCatalog.BrightfieldModel, ComputeDevice.Cpu);
        var path = Path.Combine(directory, "calibrated.cdmodel");
        ModelFile.Save(path, builtIn.Network, builtIn.Metadata with { Name = "calibrated", PixelSizeMicrons = 0.5, CellDiameterPixels = 12 });
        return path;
    }

    [Fact]
    public void TheImagesPixelSizeOrCellDiameterRescalesItToTheModels()
    {
        var model = CalibratedModel();
        var file = DetectionInput.FromFile(Samples.HeColon);
        // A colour model is not given an estimate of the cell size: H&E texture makes it unreliable (docs/results.md).
        var uncalibrated = samples.Pipeline.Detect(file, new DetectionRequest { Model = model });
        Assert.Equal((1.0, (double?)null), (uncalibrated.MapScale, uncalibrated.EstimatedCellDiameter));
        var byPixelSize = samples.Pipeline.Detect(file, new DetectionRequest { Model = model, PixelSizeMicrons = 0.25 });
        Assert.Equal(0.5, byPixelSize.MapScale, 6);
        Assert.Null(byPixelSize.EstimatedCellDiameter);
        Assert.All(byPixelSize.Cells, c => Assert.InRange(c.X, -0.5, byPixelSize.Width - 0.5));
        var byDiameter = samples.Pipeline.Detect(file, new DetectionRequest { Model = model, PixelSizeMicrons = 1.0, CellDiameterPixels = 24 });
        Assert.Equal(0.5, byDiameter.MapScale, 6);
        Assert.Equal(byPixelSize.Cells, byDiameter.Cells);
        Assert.Equal(1.5, samples.Pipeline.Detect(file, new DetectionRequest { Model = model, CellDiameterPixels = 24, Scale = 1.5 }).MapScale, 6);
    }

    [Fact]
    public void AFluorescenceModelTrainedAtOneCellSizeMeasuresTheCellsOfAnUncalibratedImage()
    {
        var builtIn = samples.Catalog.Get(ModelCatalog.FluorescenceModel, ComputeDevice.Cpu);
        var model = Path.Combine(directory, "sized.cdmodel");
        ModelFile.Save(model, builtIn.Network, builtIn.Metadata with { Name = "sized", CellDiameterPixels = 16 });
        var file = DetectionInput.FromFile(Samples.Fluorescence);
        var measured = samples.Pipeline.Detect(file, new DetectionRequest { Model = model });
        // The clicks of this Huh7 image put its nuclei at about 34 px across.
        Assert.InRange(measured.EstimatedCellDiameter!.Value, 28, 40);
        Assert.Equal(16 / measured.EstimatedCellDiameter.Value, measured.MapScale, 6);
        Assert.NotEmpty(measured.Cells);
        Assert.All(measured.Cells, c => Assert.InRange(c.X, -0.5, measured.Width - 0.5));
        var given = samples.Pipeline.Detect(file, new DetectionRequest { Model = model, CellDiameterPixels = 32 });
        Assert.Equal((0.5, (double?)null), (given.MapScale, given.EstimatedCellDiameter));
        Assert.Null(samples.Pipeline.Detect(file, new DetectionRequest { Model = ModelCatalog.FluorescenceModel }).EstimatedCellDiameter);
    }

    [Fact]
    public void AColourModelWhoseTrainingImagesWereMeasuredByTheEstimateHasTheImagesCellsMeasured()
    {
        var builtIn = samples.Catalog.Get(ModelCatalog.BrightfieldModel, ComputeDevice.Cpu);
        var model = Path.Combine(directory, "by-image.cdmodel");
        ModelFile.Save(model, builtIn.Network, builtIn.Metadata with { Name = "by-image", CellDiameterPixels = 14, CellDiameterSource = CellDiameterSource.Image });
        var measured = samples.Pipeline.Detect(DetectionInput.FromFile(Samples.HeColon), new DetectionRequest { Model = model });
        // This crchisto image's estimate is about 6.4 px (its clicks read about 10).
        Assert.InRange(measured.EstimatedCellDiameter!.Value, 5, 9);
        Assert.Equal(14 / measured.EstimatedCellDiameter.Value, measured.MapScale, 6);
        Assert.All(measured.Cells, c => Assert.InRange(c.X, -0.5, measured.Width - 0.5));
        var clicks = Path.Combine(directory, "by-clicks.cdmodel");
        ModelFile.Save(clicks, builtIn.Network, builtIn.Metadata with { Name = "by-clicks", CellDiameterPixels = 14, CellDiameterSource = CellDiameterSource.Clicks });
        Assert.Null(samples.Pipeline.Detect(DetectionInput.FromFile(Samples.HeColon), new DetectionRequest { Model = clicks }).EstimatedCellDiameter);
    }

    [Fact]
    public void ACellDiameterNeedsAModelThatRecordsOne()
    {
        var error = Assert.Throws<InvalidDetectionParameterException>(() => samples.Pipeline.Detect(DetectionInput.FromFile(Samples.HeColon), new DetectionRequest { Model = ModelCatalog.BrightfieldModel, CellDiameterPixels = 20 }));
        Assert.Equal("cellDiameterPixels", error.Parameter);
        Assert.Contains("does not record the cell diameter", error.Message, StringComparison.Ordinal);
        var outOfRange = Assert.Throws<InvalidDetectionParameterException>(() => samples.Pipeline.Detect(DetectionInput.FromFile(Samples.HeColon), new DetectionRequest { CellDiameterPixels = -3 }));
        Assert.Equal("cellDiameterPixels", outOfRange.Parameter);
        Assert.Contains("cell diameter", outOfRange.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AStreamedImageIsDetectedAtItsOwnScaleWithAWarning()
    {
        using var catalog = new ModelCatalog();
        var streaming = new DetectionPipeline(catalog, samples.Reader, ComputeDevice.Cpu, new PipelineOptions { InMemoryPixels = 10_000 });
        var outcome = streaming.Detect(DetectionInput.FromFile(Samples.HeColon, region: new Core.Imaging.PixelRegion(0, 0, 200, 200)), new DetectionRequest { Model = CalibratedModel(), PixelSizeMicrons = 0.25 });
        Assert.Equal(1.0, outcome.MapScale);
        Assert.Contains(outcome.Warnings, w => w.Contains("not rescaled by 0.5", StringComparison.Ordinal));
    }

    [Fact]
    public void AveragingTheFlipsAndRotationsMovesTheCellsLittle()
    {
        var file = DetectionInput.FromFile(Samples.HeColon);
        var plain = samples.Pipeline.Detect(file, new DetectionRequest { Model = ModelCatalog.BrightfieldModel, Stride = 8 });
        var averaged = samples.Pipeline.Detect(file, new DetectionRequest { Model = ModelCatalog.BrightfieldModel, Stride = 8, TestTimeAugmentation = true });
        Assert.NotEqual(plain.Cells, averaged.Cells);
        Assert.InRange(averaged.Cells.Count, 0.8 * plain.Cells.Count, 1.2 * plain.Cells.Count);
        var matched = Core.Evaluation.DetectionEvaluator.EvaluateImage("same", plain.Cells, averaged.Cells).Counts;
        Assert.True(matched.F1 > 0.85, $"plain and averaged detections agree only {matched}");
    }
}
