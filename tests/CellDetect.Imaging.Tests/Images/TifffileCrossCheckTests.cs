using CellDetect.Imaging.Images;

namespace CellDetect.Imaging.Tests.Images;

/// <summary>
/// Stacks written by an independent writer, Python's tifffile (Debian's python3-tifffile), read page by page:
/// plain multi-page, ImageJ hyperstack and OME-TIFF. Sample (x, y) of channel c at slice z, frame t is
/// 1000 t + 100 z + 10 c + (x + y) mod 7, so a page or channel read from the wrong directory shows.
/// Fails, on purpose, when python3-tifffile is absent.
/// </summary>
public sealed class TifffileCrossCheckTests : IDisposable
{
    private const int Frames = 2, Slices = 3, Channels = 2, Height = 20, Width = 24;

    private const string Writer = """
        import sys, numpy as np, tifffile
        kind, path = sys.argv[1], sys.argv[2]
        t, z, c, y, x = np.ogrid[0:2, 0:3, 0:2, 0:20, 0:24]
        data = (1000 * t + 100 * z + 10 * c + (x + y) % 7).astype(np.uint16)
        if kind == "plain":
            tifffile.imwrite(path, data[0, :, 0], photometric="minisblack")
        else:
            tifffile.imwrite(path, data, imagej=kind == "imagej", ome=kind == "ome", metadata={"axes": "TZCYX"})
        """;

    private readonly TempDirectory temp = new();
    private readonly ImageFileReader reader = new();

    public void Dispose() => temp.Dispose();

    [Fact]
    public void PlainStackPagesAreItsDirectories()
    {
        var path = Write("plain");
        var info = reader.Identify(path);
        Assert.Equal((3, 1), (info.Pages, info.Channels));
        for (int z = 0; z < Slices; z++)
        {
            AssertSample(reader.Read(path, z), channel: 0, expected: 100 * z);
        }
        Assert.Contains("page index 3 is out of range: the file has 3 page(s)", Assert.Throws<InvalidDataException>(() => reader.Read(path, 3)).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("imagej", "imagej-tiff")]
    [InlineData("ome", "ome-tiff")]
    public void HyperstackPagesAreZtPositionsWithAllTheirChannels(string kind, string format)
    {
        var path = Write(kind);
        var info = reader.Identify(path);
        Assert.Equal((format, Slices * Frames, Channels, Slices, Frames), (info.Format, info.Pages, info.Channels, info.SizeZ, info.SizeT));
        for (int page = 0; page < Slices * Frames; page++)
        {
            var (z, t) = (page % Slices, page / Slices);
            var image = reader.Read(path, page);
            var region = reader.ReadRegion(path, new Core.Imaging.PixelRegion(3, 4, 10, 9), page);
            for (int c = 0; c < Channels; c++)
            {
                AssertSample(image, c, 1000 * t + 100 * z + 10 * c);
                Assert.Equal(1000 * t + 100 * z + 10 * c + (7 + 8) % 7, region[c, 4, 4]);
            }
        }
    }

    /// <summary>Every sample of <paramref name="channel"/> equals <paramref name="expected"/> plus the (x + y) mod 7 pattern.</summary>
    private static void AssertSample(Core.Imaging.PlanarImage image, int channel, int expected)
    {
        Assert.Equal((Width, Height), (image.Width, image.Height));
        for (int y = 0; y < Height; y++)
        {
            for (int x = 0; x < Width; x++)
            {
                Assert.Equal(expected + (x + y) % 7, image[channel, y, x]);
            }
        }
    }

    private string Write(string kind)
    {
        var path = temp.File(kind + ".tif");
        Tifffile.Run(Writer, kind, path);
        return path;
    }
}
