using CellDetect.Core.Imaging;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Formats.Png;

namespace CellDetect.Imaging.Images.Raster;

/// <summary>The ImageSharp pixel type a file is decoded into.</summary>
internal enum RasterPixel
{
    L8,
    L16,
    La16,
    La32,
    Rgb24,
    Rgba32,
    Rgb48,
    Rgba64,
}

/// <summary>
/// Channels and sample type from the header alone, so that Identify and Read agree without decoding:
/// grey PNG/JPEG = 1 channel, grey+alpha PNG = 2, RGB = 3, RGBA PNG = 4 (alpha kept whenever the file
/// stores an alpha channel), palette PNG = 3 (transparency dropped), BMP = 3, CMYK/YCCK JPEG = 3.
/// 16-bit PNGs keep 0..65535; 1/2/4-bit grey PNGs are scaled to 8-bit by the decoder.
/// </summary>
internal sealed record RasterLayout(string FormatName, RasterPixel Pixel, int Channels, SampleDescription Sample)
{
    private static ReadOnlySpan<byte> PngSignature => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>"png", "jpeg" or "bmp" from the magic bytes, or null.</summary>
    public static string? FormatOf(ReadOnlySpan<byte> header)
    {
        if (header.StartsWith(PngSignature))
        {
            return "png";
        }
        if (header.Length >= 3 && header[0] == 0xFF && header[1] == 0xD8 && header[2] == 0xFF)
        {
            return "jpeg";
        }
        if (header.Length >= 2 && header[0] == (byte)'B' && header[1] == (byte)'M')
        {
            return "bmp";
        }
        return null;
    }

    public static RasterLayout Of(IImageInfo info, IImageFormat format)
    {
        if (format is PngFormat)
        {
            var png = info.Metadata.GetPngMetadata();
            var wide = png.BitDepth == PngBitDepth.Bit16;
            return png.ColorType switch
            {
                PngColorType.Grayscale => wide ? new("png", RasterPixel.L16, 1, SampleDescription.UInt16) : new("png", RasterPixel.L8, 1, SampleDescription.UInt8),
                PngColorType.GrayscaleWithAlpha => wide ? new("png", RasterPixel.La32, 2, SampleDescription.UInt16) : new("png", RasterPixel.La16, 2, SampleDescription.UInt8),
                PngColorType.RgbWithAlpha => wide ? new("png", RasterPixel.Rgba64, 4, SampleDescription.UInt16) : new("png", RasterPixel.Rgba32, 4, SampleDescription.UInt8),
                PngColorType.Rgb when wide => new("png", RasterPixel.Rgb48, 3, SampleDescription.UInt16),
                _ => new("png", RasterPixel.Rgb24, 3, SampleDescription.UInt8),
            };
        }
        if (format is JpegFormat)
        {
            var jpeg = info.Metadata.GetJpegMetadata();
            return jpeg.ColorType == JpegColorType.Luminance
                ? new("jpeg", RasterPixel.L8, 1, SampleDescription.UInt8)
                : new("jpeg", RasterPixel.Rgb24, 3, SampleDescription.UInt8);
        }
        return new("bmp", RasterPixel.Rgb24, 3, SampleDescription.UInt8);
    }
}
