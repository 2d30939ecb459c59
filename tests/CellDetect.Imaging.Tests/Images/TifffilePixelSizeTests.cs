using CellDetect.Imaging.Images;

namespace CellDetect.Imaging.Tests.Images;

/// <summary>
/// Pixel sizes of files written by tifffile, which stores ImageDescription as UTF-8 (as Bio-Formats does). An OME
/// PhysicalSizeXUnit of "µm" used to arrive as "Âµm" and the pixel size as unknown, while the same file without the
/// unit attribute read 0.325.
/// </summary>
public sealed class TifffilePixelSizeTests : IDisposable
{
    private const string OmeWriter = """
        import sys, numpy as np, tifffile
        path, size, unit = sys.argv[1], float(sys.argv[2]), sys.argv[3]
        metadata = {"axes": "YX", "PhysicalSizeX": size, "PhysicalSizeY": size}
        if unit:
            metadata.update(PhysicalSizeXUnit=unit, PhysicalSizeYUnit=unit)
        tifffile.imwrite(path, np.zeros((20, 24), np.uint16), ome=True, metadata=metadata)
        """;

    /// <summary>ImageJ's description given as raw bytes (Python escapes), with the resolution tags in pixels per unit.</summary>
    private const string ImageJWriter = """
        import sys, numpy as np, tifffile
        path, size, description = sys.argv[1], float(sys.argv[2]), sys.argv[3].encode("ascii").decode("unicode_escape").encode("latin-1")
        tifffile.imwrite(path, np.zeros((20, 24), np.uint16), description=description, metadata=None, resolution=(1 / size, 1 / size))
        """;

    private readonly TempDirectory temp = new();
    private readonly ImageFileReader reader = new();

    public void Dispose() => temp.Dispose();

    [Theory]
    [InlineData(0.325, "\u00B5m", 0.325)]
    [InlineData(0.325, "\u03BCm", 0.325)]
    [InlineData(0.325, "um", 0.325)]
    [InlineData(0.325, "", 0.325)]
    [InlineData(325, "nm", 0.325)]
    [InlineData(0.000325, "mm", 0.325)]
    public void OmePhysicalSizeIsReadInEveryUnitSpelling(double size, string unit, double microns)
    {
        var path = temp.File("ome.tif");
        Tifffile.Run(OmeWriter, path, size.ToString(System.Globalization.CultureInfo.InvariantCulture), unit);
        var info = reader.Identify(path);
        Assert.Equal("ome-tiff", info.Format);
        Assert.NotNull(info.PixelSize);
        Assert.Equal(microns, info.PixelSize.Value.XMicrons, 9);
        Assert.Equal(microns, reader.Read(path).PixelSize!.Value.YMicrons, 9);
    }

    [Theory]
    [InlineData(@"unit=\xc2\xb5m", 0.325, 0.325)]  // UTF-8 micro sign
    [InlineData(@"unit=\xb5m", 0.325, 0.325)]      // Latin-1 micro sign: not UTF-8, kept byte for byte
    [InlineData(@"unit=\\u00B5m", 0.325, 0.325)]   // ImageJ's own escape, as tifffile writes it
    [InlineData("unit=micron", 0.325, 0.325)]
    [InlineData("unit=um", 0.325, 0.325)]
    [InlineData("unit=nm", 325, 0.325)]
    [InlineData("unit=mm", 0.000325, 0.325)]
    public void ImageJUnitIsReadInEveryEncoding(string unitLine, double size, double microns)
    {
        var path = temp.File("imagej.tif");
        Tifffile.Run(ImageJWriter, path, size.ToString(System.Globalization.CultureInfo.InvariantCulture), $@"ImageJ=1.53t\nimages=1\n{unitLine}\n");
        var info = reader.Identify(path);
        Assert.Equal("imagej-tiff", info.Format);
        Assert.NotNull(info.PixelSize);
        // The resolution tags are 32-bit rationals: 6 significant digits.
        Assert.Equal(microns, info.PixelSize.Value.XMicrons, 6);
    }
}
