using CellDetect.Core.Imaging;
using System.Diagnostics;
using CellDetect.Imaging.Images;

namespace CellDetect.Imaging.Tests.Images;

/// <summary>Every training image of the shared data sets reads with the expected shape.</summary>
public sealed class RealDataTests
{
    private readonly ImageFileReader reader = new();

    [Fact]
    public void ReadsATiffThroughASymbolicLink()
    {
        using var directory = new TempDirectory();
        var target = SharedData.Files("crchisto", "*.tif")[0];
        var link = Path.Combine(directory.Path, "linked.tif");
        File.CreateSymbolicLink(link, target);
        Assert.Equal(reader.Read(target).Pixels, reader.Read(link).Pixels);
    }

    [Theory]
    [InlineData("crchisto", "*.tif", 500, 500, 3, false, "tiff")]
    [InlineData("bm_graz", "*.tif", 1200, 1200, 3, true, "tiff")]
    [InlineData("fluo_huh7_hepg2", "*.tif", 1024, 768, 1, false, "tiff")]
    [InlineData("vgg_cells", "*.png", 256, 256, 3, false, "png")]
    public void ReadsEveryTrainingImage(string dataset, string pattern, int width, int height, int channels, bool tiled, string format)
    {
        var files = SharedData.Files(dataset, pattern);
        Assert.NotEmpty(files);
        foreach (var file in files)
        {
            var info = reader.Identify(file);
            Assert.Equal((width, height, channels, 8, tiled, format, 1), (info.Width, info.Height, info.Channels, info.BitsPerSample, info.Tiled, info.Format, info.Pages));
            var image = reader.Read(file);
            Assert.Equal((width, height, channels), (image.Width, image.Height, image.Channels));
            Assert.Null(image.PixelSize);
            Assert.Contains(image.Pixels, v => v > 0);
        }
    }

    [Fact]
    public void RegionOfARealTiledImageMatchesTheFullRead()
    {
        var file = SharedData.Files("bm_graz", "*.tif")[0];
        var full = reader.Read(file);
        var region = new PixelRegion(250, 500, 300, 17);
        var part = reader.ReadRegion(file, region);
        for (int c = 0; c < 3; c++)
        {
            for (int y = 0; y < region.Height; y++)
            {
                for (int x = 0; x < region.Width; x++)
                {
                    Assert.Equal(full[c, region.Y + y, region.X + x], part[c, y, x]);
                }
            }
        }
    }

    [Fact]
    public void DecodesA1200SquareTiledRgbTiffQuickly()
    {
        var file = SharedData.Files("bm_graz", "*.tif")[0];
        reader.Read(file);
        var watch = Stopwatch.StartNew();
        const int Runs = 3;
        for (int i = 0; i < Runs; i++)
        {
            reader.Read(file);
        }
        var perImage = watch.Elapsed / Runs;
        Assert.True(perImage < TimeSpan.FromSeconds(1), $"took {perImage.TotalMilliseconds:F0} ms per image");
    }
}
