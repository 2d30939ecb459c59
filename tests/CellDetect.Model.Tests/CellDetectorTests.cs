using CellDetect.Core.Imaging;
using CellDetect.Model.Files;
using CellDetect.Model.Inference;

namespace CellDetect.Model.Tests;

public sealed class CellDetectorTests
{
    [Fact]
    public void SmallTilesFindExactlyTheCellsOfWholeImageProcessing()
    {
        var mosaic = Mosaic(Enumerable.Range(0, 4).Select(i => SyntheticCells.Make($"m{i}", 90, 10, 40 + i).Image).ToArray());
        var model = new LoadedModel(new ModelMetadata { Channels = ChannelMapping.Gray, Threshold = 0.0, PeakRadius = 3 }, TestNetworks.Random(1));
        var whole = new CellDetector(model, tileSize: 4096).Detect(mosaic, new DetectionSettings(KeepMap: true));
        var tiled = new CellDetector(model, tileSize: 41).Detect(mosaic, new DetectionSettings(KeepMap: true));
        Assert.NotEmpty(whole.Cells);
        AssertSameDetections(whole, tiled);
        Assert.All(tiled.Cells, c => Assert.True(c.X >= 0.5 && c.Y >= 0.5 && c.X <= mosaic.Width - 1.5 && c.Y <= mosaic.Height - 1.5, $"peak on the image frame at ({c.X},{c.Y})"));
    }

    [Theory]
    [InlineData(4)]
    [InlineData(5)]
    public void BatchedTilesGiveTheCellsAndMapOfOneTileAtATime(int stride)
    {
        var mosaic = Mosaic(Enumerable.Range(0, 4).Select(i => SyntheticCells.Make($"b{i}", 70, 8, 60 + i).Image).ToArray());
        var model = new LoadedModel(new ModelMetadata { Channels = ChannelMapping.Gray, Threshold = 0.0, PeakRadius = 3 }, TestNetworks.Random(1));
        var settings = new DetectionSettings(Stride: stride, KeepMap: true);
        var single = new CellDetector(model, tileSize: 45, batchSize: 1).Detect(mosaic, settings);
        var batched = new CellDetector(model, tileSize: 45, batchSize: 5).Detect(mosaic, settings);
        Assert.NotEmpty(single.Cells);
        AssertSameDetections(single, batched);
    }

    [Fact]
    public void AveragedMapsTileLikeWholeImageProcessing()
    {
        var mosaic = Mosaic(Enumerable.Range(0, 4).Select(i => SyntheticCells.Make($"t{i}", 50, 5, 80 + i).Image).ToArray());
        var model = new LoadedModel(new ModelMetadata { Channels = ChannelMapping.Gray, Threshold = 0.0, PeakRadius = 3 }, TestNetworks.Random(1));
        var settings = new DetectionSettings(KeepMap: true, TestTimeAugmentation: true);
        var whole = new CellDetector(model, tileSize: 4096).Detect(mosaic, settings);
        var tiled = new CellDetector(model, tileSize: 33).Detect(mosaic, settings);
        Assert.NotEmpty(whole.Cells);
        AssertSameDetections(whole, tiled);
    }

    [Fact]
    public void PixelSizesThatDifferRescaleAndPointsMapBack()
    {
        Assert.Equal(1.0, CellDetector.ScaleFor(null, 0.5));
        Assert.Equal(1.0, CellDetector.ScaleFor(new PixelSize(0.51, 0.51), 0.5));
        Assert.Equal(0.5, CellDetector.ScaleFor(new PixelSize(0.25, 0.25), 0.5), 6);
        var sample = SyntheticCells.Make("s", 120, 12, 9);
        var model = new LoadedModel(new ModelMetadata { Channels = ChannelMapping.Gray, Threshold = 0.0, PixelSizeMicrons = 0.5 }, TestNetworks.Random(1));
        var halfSize = sample.Image.WithPixelSize(new PixelSize(0.25, 0.25));
        var result = new CellDetector(model).Detect(halfSize);
        Assert.Equal(0.5, result.MapScale, 6);
        Assert.Equal(60, result.MapWidth);
        Assert.All(result.Cells, c => Assert.InRange(c.X, -0.5, 119.5));
        var explicitScale = new CellDetector(model).Detect(sample.Image, new DetectionSettings(Scale: 0.5));
        Assert.Equal(60, explicitScale.MapWidth);
    }

    [Fact]
    public void ACellDiameterRescalesByTheModelsDiameterOverIt()
    {
        var sample = SyntheticCells.Make("d", 120, 12, 9);
        var metadata = new ModelMetadata { Channels = ChannelMapping.Gray, Threshold = 0.0, PixelSizeMicrons = 0.5, CellDiameterPixels = 10 };
        var model = new LoadedModel(metadata, TestNetworks.Random(1));
        var calibrated = sample.Image.WithPixelSize(new PixelSize(0.25, 0.25));
        var result = new CellDetector(model).Detect(calibrated, new DetectionSettings(CellDiameterPixels: 40));
        Assert.Equal(0.25, result.MapScale, 6);
        Assert.Equal(30, result.MapWidth);
        Assert.All(result.Cells, c => Assert.InRange(c.X, -0.5, 119.5));
        Assert.Equal(1.0, CellDetector.ScaleFor(new DetectionSettings(CellDiameterPixels: 10.4), null, metadata));
        Assert.Equal(2.0, CellDetector.ScaleFor(new DetectionSettings(CellDiameterPixels: 40, Scale: 2), null, metadata));
        var unknown = metadata with { CellDiameterPixels = null, Name = "old" };
        var error = Assert.Throws<ArgumentException>(() => CellDetector.ScaleFor(new DetectionSettings(CellDiameterPixels: 20), null, unknown));
        Assert.Contains("model old does not record the cell diameter", error.Message, StringComparison.Ordinal);
    }

    private static PlanarImage Mosaic(PlanarImage[] quarters)
    {
        var side = quarters[0].Width;
        var mosaic = new PlanarImage(2 * side, 2 * side, 1, quarters[0].Sample);
        for (int q = 0; q < 4; q++)
        {
            for (int y = 0; y < side; y++)
            {
                for (int x = 0; x < side; x++)
                {
                    mosaic[0, (q / 2) * side + y, (q % 2) * side + x] = quarters[q][0, y, x];
                }
            }
        }
        return mosaic;
    }

    /// <summary>
    /// Same map to float rounding (other tilings or batches sum the convolutions in another order), hence the same cells.
    /// Positions get a looser bound: the sub-pixel parabola divides by the peak's curvature, which a random network can
    /// leave near zero, so a rounding difference of 1e-7 in the map moved one peak by 0.01 px (one run in several).
    /// </summary>
    private static void AssertSameDetections(DetectionResult expected, DetectionResult actual)
    {
        var largestMapDifference = expected.Map!.Zip(actual.Map!, (x, y) => Math.Abs(x - y)).Max();
        Assert.True(largestMapDifference < 1e-5, $"maps differ by up to {largestMapDifference}");
        Assert.Equal(expected.Cells.Count, actual.Cells.Count);
        // Peaks are at least a peak radius apart: each cell's nearest counterpart is its own.
        Assert.All(expected.Cells, cell =>
        {
            var nearest = actual.Cells.MinBy(other => Math.Pow(other.X - cell.X, 2) + Math.Pow(other.Y - cell.Y, 2));
            Assert.True(Math.Abs(nearest.X - cell.X) < 0.05 && Math.Abs(nearest.Y - cell.Y) < 0.05 && Math.Abs(nearest.Score - cell.Score) < 1e-5, $"{cell} vs {nearest}");
        });
    }
}
