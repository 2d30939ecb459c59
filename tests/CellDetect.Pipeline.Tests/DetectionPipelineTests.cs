using CellDetect.Core.Detection;
using CellDetect.Core.Imaging;
using CellDetect.Model.Files;
using CellDetect.Model.Inference;

namespace CellDetect.Pipeline.Tests;

public sealed class DetectionPipelineTests(Samples samples) : IClassFixture<Samples>
{
    private readonly DetectionPipeline pipeline = samples.Pipeline;

    [Fact]
    public void AFileGivesTheCellsOfTheDetectorOnTheImageAndSaysWhichModelItChoseAndWhy()
    {
        var outcome = pipeline.Detect(DetectionInput.FromFile(Samples.HeColon));
        var image = samples.Reader.Read(Samples.HeColon);
        var direct = new CellDetector(samples.Catalog.Get(ModelCatalog.BrightfieldModel, pipeline.Device)).Detect(image);
        Assert.Equal(ModelCatalog.BrightfieldModel, outcome.Model.Source);
        Assert.Contains("bright background", outcome.Model.Reason);
        Assert.InRange(outcome.Cells.Count, 250, 450);
        Assert.Equal(direct.Cells, outcome.Cells);
        Assert.Equal((image.Width, image.Height), (outcome.Width, outcome.Height));
        Assert.NotNull(outcome.Image);
        Assert.True(outcome.Timings.TotalMs >= outcome.Timings.DetectMs);
    }

    [Theory]
    [InlineData(RawPixelType.U8, RawPixelLayout.Interleaved)]
    [InlineData(RawPixelType.U8, RawPixelLayout.Planar)]
    [InlineData(RawPixelType.U16, RawPixelLayout.Interleaved)]
    [InlineData(RawPixelType.F32, RawPixelLayout.Planar)]
    public void RawRgbPixelsGiveTheSameCellsAsTheFile(RawPixelType type, RawPixelLayout layout)
    {
        var image = samples.Reader.Read(Samples.HeColon);
        // Integer types are scaled to their range, float keeps 0..255: normalisation is by percentiles, so all give the same input.
        var pixels = Encode(image, type, layout, type == RawPixelType.U16 ? 257f : 1f);
        var fromPixels = pipeline.Detect(DetectionInput.FromPixels(pixels), new DetectionRequest { Model = ModelCatalog.BrightfieldModel });
        var fromFile = pipeline.Detect(DetectionInput.FromFile(Samples.HeColon), new DetectionRequest { Model = ModelCatalog.BrightfieldModel });
        AssertSameCells(fromFile.Cells, fromPixels.Cells);
    }

    [Fact]
    public void RawGrayPixelsGiveTheSameCellsAsTheFile()
    {
        var image = samples.Reader.Read(Samples.Fluorescence);
        Assert.Equal(1, image.Channels);
        var fromPixels = pipeline.Detect(DetectionInput.FromPixels(Encode(image, RawPixelType.U8, RawPixelLayout.Interleaved, 1f)));
        var fromFile = pipeline.Detect(DetectionInput.FromFile(Samples.Fluorescence));
        Assert.Equal(ModelCatalog.FluorescenceModel, fromPixels.Model.Source);
        Assert.NotEmpty(fromFile.Cells);
        AssertSameCells(fromFile.Cells, fromPixels.Cells);
    }

    [Fact]
    public void ARegionGivesTheCellsOfTheCropInTheWholeImagesCoordinates()
    {
        var region = new PixelRegion(100, 150, 260, 200);
        var request = new DetectionRequest { Model = ModelCatalog.BrightfieldModel };
        var outcome = pipeline.Detect(DetectionInput.FromFile(Samples.HeColon, region: region), request);
        var crop = new InMemoryRegionSource(samples.Reader.Read(Samples.HeColon)).ReadRegion(region);
        var cropped = pipeline.Detect(DetectionInput.FromImage(crop), request);
        Assert.NotEmpty(outcome.Cells);
        AssertSameCells(cropped.Cells.Select(c => c with { X = c.X + region.X, Y = c.Y + region.Y }).ToList(), outcome.Cells);
        Assert.All(outcome.Cells, c => Assert.True(c.X >= region.X && c.X < region.Right && c.Y >= region.Y && c.Y < region.Bottom));
        Assert.Equal(region, outcome.Region);
    }

    [Fact]
    public void ConcurrentDetectionsGiveTheCellsOfOneAtATime()
    {
        var request = new DetectionRequest { Model = ModelCatalog.BrightfieldModel, Stride = 8 };
        var alone = pipeline.Detect(DetectionInput.FromFile(Samples.HeColon), request);
        var together = Enumerable.Range(0, 4).AsParallel().WithDegreeOfParallelism(4)
            .Select(_ => pipeline.Detect(DetectionInput.FromFile(Samples.HeColon), request)).ToList();
        Assert.All(together, outcome => Assert.Equal(alone.Cells, outcome.Cells));
    }

    [Fact]
    public void BadRequestsAndInputsAreClearErrorsBeforeAnyWork()
    {
        var file = DetectionInput.FromFile(Samples.HeColon);
        AssertNames("threshold", "threshold", () => pipeline.Detect(file, new DetectionRequest { Threshold = double.NaN }));
        AssertNames("stride", "stride", () => pipeline.Detect(file, new DetectionRequest { Stride = 0 }));
        AssertNames("stride", "stride", () => pipeline.Detect(file, new DetectionRequest { Stride = 100_000 }));
        AssertNames("pixelSizeMicrons", "pixel size", () => pipeline.Detect(file, new DetectionRequest { PixelSizeMicrons = double.PositiveInfinity }));
        Assert.Contains("no-such.tif", Assert.Throws<FileNotFoundException>(() => pipeline.Detect(DetectionInput.FromFile("/tmp/no-such.tif"))).Message);
        var page = AssertNames("page", "page 3", () => pipeline.Detect(DetectionInput.FromFile(Samples.HeColon, page: 3)));
        Assert.Equal(1, page.Bounds["pages"]);
        var region = AssertNames("region", "not inside", () => pipeline.Detect(DetectionInput.FromFile(Samples.HeColon, region: new PixelRegion(400, 400, 200, 200))));
        Assert.Equal((500.0, 500.0), (region.Bounds["width"], region.Bounds["height"]));
        Assert.Contains("no-such-model", Assert.Throws<ModelFileException>(() => pipeline.Detect(file, new DetectionRequest { Model = "no-such-model" })).Message);
        var shortPixels = new RawPixels(RawPixelType.U16, 10, 10, 1, RawPixelLayout.Interleaved, new byte[199]);
        var mismatch = Assert.Throws<RawPixelSizeException>(() => pipeline.Detect(DetectionInput.FromPixels(shortPixels)));
        Assert.Equal((200L, 199L), (mismatch.Expected, mismatch.Actual));
    }

    [Fact]
    public void CancellationStopsADetection()
    {
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => pipeline.Detect(DetectionInput.FromFile(Samples.HeColon), cancellation: cancelled.Token));
    }

    /// <summary>The error names the parameter to fix, in the exception and in its message.</summary>
    private static InvalidDetectionParameterException AssertNames(string parameter, string inMessage, Action detect)
    {
        var error = Assert.Throws<InvalidDetectionParameterException>(detect);
        Assert.Equal(parameter, error.Parameter);
        Assert.Contains(inMessage, error.Message);
        return error;
    }

    private static void AssertSameCells(IReadOnlyList<CellPoint> expected, IReadOnlyList<CellPoint> actual)
    {
        Assert.Equal(expected.Count, actual.Count);
        for (int i = 0; i < expected.Count; i++)
        {
            Assert.Equal(expected[i].X, actual[i].X, 3);
            Assert.Equal(expected[i].Y, actual[i].Y, 3);
            Assert.Equal(expected[i].Score, actual[i].Score, 3);
        }
    }

    /// <summary>An image as raw bytes of the given type and layout, samples multiplied by <paramref name="scale"/>.</summary>
    private static RawPixels Encode(PlanarImage image, RawPixelType type, RawPixelLayout layout, float scale)
    {
        var size = RawPixels.BytesPerSample(type);
        var bytes = new byte[image.Pixels.Length * size];
        for (int c = 0; c < image.Channels; c++)
        {
            for (int p = 0; p < image.PlaneLength; p++)
            {
                var index = layout == RawPixelLayout.Planar ? c * image.PlaneLength + p : p * image.Channels + c;
                var value = image.Pixels[c * image.PlaneLength + p] * scale;
                var target = bytes.AsSpan(index * size, size);
                switch (type)
                {
                    case RawPixelType.U8:
                        target[0] = (byte)value;
                        break;
                    case RawPixelType.U16:
                        BitConverter.TryWriteBytes(target, (ushort)value);
                        break;
                    default:
                        BitConverter.TryWriteBytes(target, value);
                        break;
                }
            }
        }
        return new RawPixels(type, image.Width, image.Height, image.Channels, layout, bytes);
    }
}
