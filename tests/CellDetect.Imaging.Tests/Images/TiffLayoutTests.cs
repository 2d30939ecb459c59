using BitMiracle.LibTiff.Classic;
using CellDetect.Core.Imaging;
using CellDetect.Imaging.Images;
using CoreSampleFormat = CellDetect.Core.Imaging.SampleFormat;

namespace CellDetect.Imaging.Tests.Images;

public sealed class TiffLayoutTests : IDisposable
{
    private readonly TempDirectory temp = new();
    private readonly ImageFileReader reader = new();

    public void Dispose() => temp.Dispose();

    public static TheoryData<FixtureSample, int, bool, int, Compression> Layouts()
    {
        var data = new TheoryData<FixtureSample, int, bool, int, Compression>();
        foreach (var sample in new[] { FixtureSample.UInt8, FixtureSample.UInt16, FixtureSample.UInt32, FixtureSample.Float32 })
        {
            foreach (var samples in new[] { 1, 3, 4 })
            {
                foreach (var planar in samples == 1 ? new[] { false } : new[] { false, true })
                {
                    foreach (var tile in new[] { 0, 16 })
                    {
                        foreach (var compression in new[] { Compression.NONE, Compression.LZW, Compression.ADOBE_DEFLATE, Compression.PACKBITS })
                        {
                            data.Add(sample, samples, planar, tile, compression);
                        }
                    }
                }
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Layouts))]
    public void ReadsEveryLayoutExactly(FixtureSample sample, int samples, bool planar, int tile, Compression compression)
    {
        var fixture = new TiffFixture { Sample = sample, Samples = samples, Planar = planar, Tile = tile, Compression = compression };
        var path = fixture.Write(temp.File("layout.tif"));

        var info = reader.Identify(path);
        Assert.Equal((37, 29, samples, fixture.BitsPerSample, 1, tile > 0, "tiff"), (info.Width, info.Height, info.Channels, info.BitsPerSample, info.Pages, info.Tiled, info.Format));
        Assert.Equal(sample == FixtureSample.Float32 ? CoreSampleFormat.Float : CoreSampleFormat.UnsignedInteger, info.SampleFormat);

        var image = reader.Read(path);
        Assert.Equal(info.Sample, image.Sample);
        FixtureAssert.Matches(fixture, image, new PixelRegion(0, 0, 37, 29));

        var region = new PixelRegion(13, 7, 20, 19);
        FixtureAssert.Matches(fixture, reader.ReadRegion(path, region), region);
    }

    [Theory]
    [InlineData(Compression.LZW)]
    [InlineData(Compression.ADOBE_DEFLATE)]
    public void ReadsHorizontalPredictor(Compression compression)
    {
        var fixture = new TiffFixture { Sample = FixtureSample.UInt16, Samples = 3, Compression = compression, Predictor = true, Tile = 16 };
        FixtureAssert.Matches(fixture, reader.Read(fixture.Write(temp.File("p.tif"))), new PixelRegion(0, 0, 37, 29));
    }

    [Fact]
    public void ReadsSignedIntegers()
    {
        var fixture = new TiffFixture { Sample = FixtureSample.Int16, Samples = 1 };
        var path = fixture.Write(temp.File("s.tif"));
        Assert.Equal(CoreSampleFormat.SignedInteger, reader.Identify(path).SampleFormat);
        FixtureAssert.Matches(fixture, reader.Read(path), new PixelRegion(0, 0, 37, 29));
    }

    [Fact]
    public void ReadsBigEndianAndBigTiff()
    {
        var bigEndian = new TiffFixture { Sample = FixtureSample.UInt16, Samples = 3, BigEndian = true, Compression = Compression.LZW };
        FixtureAssert.Matches(bigEndian, reader.Read(bigEndian.Write(temp.File("be.tif"))), new PixelRegion(0, 0, 37, 29));

        var big = new TiffFixture { Sample = FixtureSample.Float32, Samples = 1, BigTiff = true, Tile = 16, Compression = Compression.ADOBE_DEFLATE, Pages = 2 };
        var path = big.Write(temp.File("big.tif"));
        var info = reader.Identify(path);
        Assert.Equal(("bigtiff", 2), (info.Format, info.Pages));
        FixtureAssert.Matches(big, reader.Read(path, page: 1), new PixelRegion(0, 0, 37, 29), page: 1);
    }

    [Fact]
    public void SelectsPagesOfAStack()
    {
        var fixture = new TiffFixture { Sample = FixtureSample.UInt8, Samples = 1, Pages = 4, Compression = Compression.PACKBITS };
        var path = fixture.Write(temp.File("stack.tif"));
        Assert.Equal(4, reader.Identify(path).Pages);
        for (int page = 0; page < 4; page++)
        {
            FixtureAssert.Matches(fixture, reader.Read(path, page), new PixelRegion(0, 0, 37, 29), page);
        }
        var region = new PixelRegion(30, 20, 7, 9);
        FixtureAssert.Matches(fixture, reader.ReadRegion(path, region, page: 3), region, page: 3);
    }

    [Fact]
    public void ExpandsPaletteImagesToRgb()
    {
        var path = temp.File("palette.tif");
        using (var tiff = Tiff.Open(path, "w")!)
        {
            tiff.SetField(TiffTag.IMAGEWIDTH, 4);
            tiff.SetField(TiffTag.IMAGELENGTH, 2);
            tiff.SetField(TiffTag.SAMPLESPERPIXEL, 1);
            tiff.SetField(TiffTag.BITSPERSAMPLE, 8);
            tiff.SetField(TiffTag.PHOTOMETRIC, Photometric.PALETTE);
            tiff.SetField(TiffTag.ROWSPERSTRIP, 2);
            var (r, g, b) = (new short[256], new short[256], new short[256]);
            for (int i = 0; i < 256; i++)
            {
                (r[i], g[i], b[i]) = ((short)(i * 257), (short)((255 - i) * 257), (short)(i / 2 * 257));
            }
            tiff.SetField(TiffTag.COLORMAP, r, g, b);
            tiff.WriteEncodedStrip(0, new byte[] { 0, 10, 200, 255, 1, 2, 3, 4 }, 8);
        }
        var info = reader.Identify(path);
        Assert.Equal((3, 8), (info.Channels, info.BitsPerSample));
        var image = reader.Read(path);
        Assert.Equal((200f, 55f, 100f), (image[0, 0, 2], image[1, 0, 2], image[2, 0, 2]));
        Assert.Equal((255f, 0f, 127f), (image[0, 0, 3], image[1, 0, 3], image[2, 0, 3]));
    }

    [Fact]
    public void InvertsMinIsWhite()
    {
        var fixture = new TiffFixture { Sample = FixtureSample.UInt8, Photometric = Photometric.MINISWHITE };
        var image = reader.Read(fixture.Write(temp.File("white.tif")));
        Assert.Equal(255 - fixture.Value(5, 6, 0), image[0, 6, 5]);
    }

    [Fact]
    public void ReadsJpegCompressedGreyAndRgbApproximately()
    {
        foreach (var samples in new[] { 1, 3 })
        {
            var fixture = new TiffFixture { Width = 64, Height = 48, Samples = samples, Compression = Compression.JPEG, Tile = 16, RowsPerStrip = 16, Smooth = true };
            var path = fixture.Write(temp.File($"jpeg{samples}.tif"));
            Assert.Equal("jpeg", reader.Identify(path).Compression);
            FixtureAssert.Close(fixture, reader.Read(path), tolerance: 12);
        }
    }
}
