using CellDetect.Core.Imaging;
using BitMiracle.LibTiff.Classic;
using CellDetect.Imaging.Images;

namespace CellDetect.Imaging.Tests.Images;

public sealed class TiffMetadataTests : IDisposable
{
    private readonly TempDirectory temp = new();
    private readonly ImageFileReader reader = new();

    public void Dispose() => temp.Dispose();

    [Fact]
    public void ImageJHyperstackGathersChannelsPerSlice()
    {
        // 2 channels x 3 slices, stored c-fastest: directory = c + 2 * z.
        var fixture = new TiffFixture
        {
            Sample = FixtureSample.UInt16,
            Pages = 6,
            Description = "ImageJ=1.53t\nimages=6\nchannels=2\nslices=3\nhyperstack=true\nmode=composite\nunit=micron\nspacing=1.5\nloop=false\n",
            Resolution = (2f, 2f, ResUnit.NONE),
        };
        var path = fixture.Write(temp.File("ij.tif"));

        var info = reader.Identify(path);
        Assert.Equal(("imagej-tiff", 3, 2, 2, 3, 1), (info.Format, info.Pages, info.Channels, info.SizeC, info.SizeZ, info.SizeT));
        Assert.Equal(0.5, info.PixelSize!.Value.XMicrons, 6);
        Assert.Equal(1.5, info.ZSpacingMicrons!.Value, 6);

        var slice = reader.Read(path, page: 1);
        Assert.Equal(2, slice.Channels);
        Assert.Equal(0.5, slice.PixelSize!.Value.YMicrons, 6);
        Assert.Equal(fixture.Value(4, 5, 0, page: 2), slice[0, 5, 4]);
        Assert.Equal(fixture.Value(4, 5, 0, page: 3), slice[1, 5, 4]);

        var region = reader.ReadRegion(path, new PixelRegion(10, 10, 5, 5), page: 2);
        Assert.Equal(fixture.Value(12, 13, 0, page: 5), region[1, 3, 2]);
        Assert.Throws<InvalidDataException>(() => reader.Read(path, page: 3));
    }

    [Theory]
    [InlineData("unit=\\u00B5m")]
    [InlineData("unit=um")]
    [InlineData("unit=nm")]
    public void ImageJUnitsAreConverted(string unit)
    {
        var fixture = new TiffFixture { Description = $"ImageJ=1.53t\n{unit}\n", Resolution = (4f, 4f, ResUnit.NONE) };
        var info = reader.Identify(fixture.Write(temp.File("unit.tif")));
        Assert.Equal(unit.EndsWith("nm", StringComparison.Ordinal) ? 0.00025 : 0.25, info.PixelSize!.Value.XMicrons, 9);
        Assert.Equal(1, info.Pages);
    }

    [Fact]
    public void OmeTiffMapsDimensionOrderAndPhysicalSize()
    {
        // XYZTC: T varies before C, so directory = t + 2 * c.
        const string ome = """
            <?xml version="1.0" encoding="UTF-8"?>
            <OME xmlns="http://www.openmicroscopy.org/Schemas/OME/2016-06"><Image ID="Image:0"><Pixels ID="Pixels:0" DimensionOrder="XYZTC" Type="uint8"
             SizeX="37" SizeY="29" SizeC="2" SizeZ="1" SizeT="2" PhysicalSizeX="650" PhysicalSizeXUnit="nm" PhysicalSizeY="0.7">
            <Channel ID="Channel:0:0" SamplesPerPixel="1"/><Channel ID="Channel:0:1" SamplesPerPixel="1"/><TiffData/></Pixels></Image></OME>
            """;
        var fixture = new TiffFixture { Pages = 4, Description = ome, Tile = 16, Compression = Compression.ADOBE_DEFLATE };
        var path = fixture.Write(temp.File("x.ome.tif"));

        var info = reader.Identify(path);
        Assert.Equal(("ome-tiff", 2, 2, 2, 1, 2), (info.Format, info.Pages, info.Channels, info.SizeC, info.SizeZ, info.SizeT));
        Assert.Equal(0.65, info.PixelSize!.Value.XMicrons, 9);
        Assert.Equal(0.7, info.PixelSize!.Value.YMicrons, 9);

        var t1 = reader.Read(path, page: 1);
        Assert.Equal(fixture.Value(3, 4, 0, page: 1), t1[0, 4, 3]);
        Assert.Equal(fixture.Value(3, 4, 0, page: 3), t1[1, 4, 3]);
    }

    [Fact]
    public void OmeRgbKeepsSamplesAsChannels()
    {
        const string ome = """<OME xmlns="http://www.openmicroscopy.org/Schemas/OME/2016-06"><Image><Pixels DimensionOrder="XYCZT" SizeC="3" SizeZ="1" SizeT="1" PhysicalSizeX="0.25" PhysicalSizeXUnit="µm" PhysicalSizeY="0.25"/></Image></OME>""";
        var fixture = new TiffFixture { Samples = 3, Description = ome };
        var info = reader.Identify(fixture.Write(temp.File("rgb.ome.tif")));
        Assert.Equal(("ome-tiff", 1, 3), (info.Format, info.Pages, info.Channels));
        Assert.Equal(0.25, info.PixelSize!.Value.XMicrons, 9);
    }

    [Fact]
    public void BaselineResolutionIsUsedWhenPlausible()
    {
        var perCm = new TiffFixture { Resolution = (20000f, 25000f, ResUnit.CENTIMETER) };
        var size = reader.Identify(perCm.Write(temp.File("cm.tif"))).PixelSize!.Value;
        Assert.Equal((0.5, 0.4), (Math.Round(size.XMicrons, 6), Math.Round(size.YMicrons, 6)));
        Assert.Equal(0.5, reader.Read(temp.File("cm.tif")).PixelSize!.Value.XMicrons, 6);

        var perInch = new TiffFixture { Resolution = (50800f, 50800f, ResUnit.INCH) };
        Assert.Equal(0.5, reader.Identify(perInch.Write(temp.File("inch.tif"))).PixelSize!.Value.XMicrons, 6);

        var editorDefault = new TiffFixture { Resolution = (72f, 72f, ResUnit.INCH) };
        Assert.Null(reader.Identify(editorDefault.Write(temp.File("72.tif"))).PixelSize);

        var unitless = new TiffFixture { Resolution = (1f, 1f, ResUnit.NONE) };
        Assert.Null(reader.Identify(unitless.Write(temp.File("none.tif"))).PixelSize);
        Assert.Null(reader.Identify(new TiffFixture().Write(temp.File("bare.tif"))).PixelSize);
    }
}
