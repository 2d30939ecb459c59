using System.Buffers.Binary;
using CellDetect.Core.Imaging;
using CellDetect.Imaging.Images;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Bmp;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.PixelFormats;

namespace CellDetect.Imaging.Tests.Images;

public sealed class RasterImageTests : IDisposable
{
    private readonly TempDirectory temp = new();
    private readonly ImageFileReader reader = new();

    public void Dispose() => temp.Dispose();

    [Fact]
    public void GreyPngIsOneChannel()
    {
        using var image = new Image<L8>(7, 5);
        image[3, 2] = new L8(200);
        var path = temp.File("grey.png");
        image.SaveAsPng(path, new PngEncoder { ColorType = PngColorType.Grayscale, BitDepth = PngBitDepth.Bit8 });
        var info = reader.Identify(path);
        Assert.Equal(("png", 1, 8, 1), (info.Format, info.Channels, info.BitsPerSample, info.Pages));
        var read = reader.Read(path);
        Assert.Equal(200f, read[0, 2, 3]);
        Assert.Equal(SampleDescription.UInt8, read.Sample);
    }

    [Fact]
    public void SixteenBitGreyPngKeepsItsScale()
    {
        using var image = new Image<L16>(4, 4);
        image[1, 3] = new L16(54321);
        var path = temp.File("grey16.png");
        image.SaveAsPng(path, new PngEncoder { ColorType = PngColorType.Grayscale, BitDepth = PngBitDepth.Bit16 });
        var read = reader.Read(path);
        Assert.Equal((1, 16), (read.Channels, read.Sample.BitsPerSample));
        Assert.Equal(54321f, read[0, 3, 1]);
    }

    [Fact]
    public void RgbAndRgbaPngs()
    {
        using var image = new Image<Rgba32>(6, 4);
        image[5, 3] = new Rgba32(10, 20, 30, 40);
        var rgba = temp.File("rgba.png");
        image.SaveAsPng(rgba, new PngEncoder { ColorType = PngColorType.RgbWithAlpha });
        var read = reader.Read(rgba);
        Assert.Equal(4, read.Channels);
        Assert.Equal((10f, 20f, 30f, 40f), (read[0, 3, 5], read[1, 3, 5], read[2, 3, 5], read[3, 3, 5]));

        var rgb = temp.File("rgb.png");
        image.SaveAsPng(rgb, new PngEncoder { ColorType = PngColorType.Rgb });
        var region = reader.ReadRegion(rgb, new PixelRegion(4, 2, 2, 2));
        Assert.Equal((3, 2, 2), (region.Channels, region.Width, region.Height));
        Assert.Equal((10f, 20f, 30f), (region[0, 1, 1], region[1, 1, 1], region[2, 1, 1]));
    }

    [Fact]
    public void JpegAndBmpByMagicBytesNotExtension()
    {
        using var image = new Image<Rgb24>(16, 16, new Rgb24(100, 150, 200));
        var jpeg = temp.File("photo.tif");
        image.SaveAsJpeg(jpeg, new JpegEncoder { Quality = 95 });
        var info = reader.Identify(jpeg);
        Assert.Equal(("jpeg", 3), (info.Format, info.Channels));
        Assert.InRange(reader.Read(jpeg)[2, 8, 8], 195f, 205f);

        var bmp = temp.File("picture.png");
        image.SaveAsBmp(bmp, new BmpEncoder { BitsPerPixel = BmpBitsPerPixel.Pixel24 });
        Assert.Equal(("bmp", 3), (reader.Identify(bmp).Format, reader.Identify(bmp).Channels));
        Assert.Equal(150f, reader.Read(bmp)[1, 3, 3]);

        using var grey = new Image<L8>(8, 8, new L8(77));
        var greyJpeg = temp.File("grey.jpg");
        grey.SaveAsJpeg(greyJpeg, new JpegEncoder { ColorType = JpegColorType.Luminance, Quality = 100 });
        Assert.Equal(1, reader.Identify(greyJpeg).Channels);
        Assert.InRange(reader.Read(greyJpeg)[0, 4, 4], 75f, 79f);
    }

    [Fact]
    public void RefusesAbsurdHeaderSizesBeforeDecoding()
    {
        using var image = new Image<L8>(1, 1);
        var path = temp.File("bomb.png");
        image.SaveAsPng(path);
        var bytes = File.ReadAllBytes(path);
        // IHDR data starts at byte 16: width, height; its CRC follows the 13 data bytes.
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(16), 100_000);
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(20), 100_000);
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(29), Crc32(bytes.AsSpan(12, 17)));
        File.WriteAllBytes(path, bytes);

        var error = Assert.Throws<InvalidDataException>(() => reader.Read(path));
        Assert.StartsWith(path + ": ", error.Message, StringComparison.Ordinal);
        Assert.Contains("100000x100000", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TruncatedPngIsAClearError()
    {
        using var image = new Image<Rgb24>(64, 64);
        for (int y = 0; y < 64; y++)
        {
            for (int x = 0; x < 64; x++)
            {
                image[x, y] = new Rgb24((byte)(x * 4), (byte)(y * 4), (byte)(x ^ y));
            }
        }
        var path = temp.File("cut.png");
        image.SaveAsPng(path);
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);
        var error = Assert.Throws<InvalidDataException>(() => reader.Read(path));
        Assert.StartsWith(path + ": ", error.Message, StringComparison.Ordinal);

        File.WriteAllBytes(path, bytes[..20]);
        Assert.StartsWith(path + ": ", Assert.Throws<InvalidDataException>(() => reader.Identify(path)).Message, StringComparison.Ordinal);
    }

    private static uint Crc32(ReadOnlySpan<byte> data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc ^= b;
            for (int k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? 0xEDB88320u ^ (crc >> 1) : crc >> 1;
            }
        }
        return ~crc;
    }
}
