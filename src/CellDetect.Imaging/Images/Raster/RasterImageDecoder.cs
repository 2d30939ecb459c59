using CellDetect.Core.Imaging;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats;
using SixLabors.ImageSharp.Formats.Bmp;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.Memory;
using SixLabors.ImageSharp.PixelFormats;
using SharpImageFormatException = SixLabors.ImageSharp.ImageFormatException;

namespace CellDetect.Imaging.Images.Raster;

/// <summary>
/// PNG, JPEG and BMP through ImageSharp, treating files as hostile: the header is identified first and
/// images over <see cref="MaxPixels"/> are refused before any pixel buffer exists; ImageSharp's own
/// allocation limit backs that up. Channels follow what the file stores (see <see cref="RasterLayout"/>).
/// </summary>
public sealed class RasterImageDecoder : IImageDecoder
{
    /// <summary>2^28 pixels (16384 x 16384): far beyond any PNG/JPEG/BMP cell image, small enough to decode.</summary>
    public const long MaxPixels = 1L << 28;

    private static readonly Configuration Limited = CreateConfiguration();

    public bool CanDecode(ReadOnlySpan<byte> header) => RasterLayout.FormatOf(header) is not null;

    public ImageInfo Identify(string path)
    {
        var (info, format) = IdentifyChecked(path);
        var layout = RasterLayout.Of(info, format);
        return new ImageInfo
        {
            Width = info.Width,
            Height = info.Height,
            Channels = layout.Channels,
            BitsPerSample = layout.Sample.BitsPerSample,
            SampleFormat = layout.Sample.Format,
            Pages = 1,
            Tiled = false,
            PixelSize = null,
            Format = layout.FormatName,
        };
    }

    public PlanarImage Read(string path, int page) => ReadRegion(path, null, page);

    public PlanarImage ReadRegion(string path, PixelRegion region, int page) => ReadRegion(path, (PixelRegion?)region, page);

    private static PlanarImage ReadRegion(string path, PixelRegion? requested, int page)
    {
        var (info, format) = IdentifyChecked(path);
        if (page != 0)
        {
            throw ImageFileError.Create(path, $"page index {page} is out of range: the file has 1 page.");
        }
        var region = requested ?? PixelRegion.Full(info.Width, info.Height);
        if (!region.FitsIn(info.Width, info.Height))
        {
            throw new ArgumentOutOfRangeException(nameof(requested), $"{path}: region {region} is empty or outside the {info.Width}x{info.Height} image.");
        }
        var layout = RasterLayout.Of(info, format);
        var target = new PlanarImage(region.Width, region.Height, layout.Channels, layout.Sample);
        try
        {
            using var stream = File.OpenRead(path);
            switch (layout.Pixel)
            {
                case RasterPixel.L8:
                    Copy<L8>(stream, region, target, static (p, c) => p.PackedValue);
                    break;
                case RasterPixel.L16:
                    Copy<L16>(stream, region, target, static (p, c) => p.PackedValue);
                    break;
                case RasterPixel.La16:
                    Copy<La16>(stream, region, target, static (p, c) => c == 0 ? p.L : p.A);
                    break;
                case RasterPixel.La32:
                    Copy<La32>(stream, region, target, static (p, c) => c == 0 ? p.L : p.A);
                    break;
                case RasterPixel.Rgb24:
                    Copy<Rgb24>(stream, region, target, static (p, c) => c switch { 0 => p.R, 1 => p.G, _ => p.B });
                    break;
                case RasterPixel.Rgba32:
                    Copy<Rgba32>(stream, region, target, static (p, c) => c switch { 0 => p.R, 1 => p.G, 2 => p.B, _ => p.A });
                    break;
                case RasterPixel.Rgb48:
                    Copy<Rgb48>(stream, region, target, static (p, c) => c switch { 0 => p.R, 1 => p.G, _ => p.B });
                    break;
                default:
                    Copy<Rgba64>(stream, region, target, static (p, c) => c switch { 0 => p.R, 1 => p.G, 2 => p.B, _ => p.A });
                    break;
            }
        }
        catch (Exception e) when (e is SharpImageFormatException or UnknownImageFormatException or InvalidImageContentException or InvalidMemoryOperationException or NotSupportedException or EndOfStreamException or IndexOutOfRangeException or ArgumentException)
        {
            throw ImageFileError.Create(path, $"cannot decode {layout.FormatName.ToUpperInvariant()} data: {e.Message}", e);
        }
        return target;
    }

    /// <summary>Copies the region, channel by channel. The selector is a static lambda the JIT specialises per pixel type.</summary>
    private static void Copy<TPixel>(Stream stream, PixelRegion region, PlanarImage target, Func<TPixel, int, float> channel)
        where TPixel : unmanaged, IPixel<TPixel>
    {
        using var image = Image.Load<TPixel>(Limited, stream);
        var planeLength = target.PlaneLength;
        var pixels = target.Pixels;
        var channels = target.Channels;
        image.ProcessPixelRows(accessor =>
        {
            for (int y = 0; y < region.Height; y++)
            {
                var row = accessor.GetRowSpan(region.Y + y).Slice(region.X, region.Width);
                for (int c = 0; c < channels; c++)
                {
                    var plane = pixels.AsSpan(c * planeLength + y * region.Width, region.Width);
                    for (int x = 0; x < row.Length; x++)
                    {
                        plane[x] = channel(row[x], c);
                    }
                }
            }
        });
    }

    private static (IImageInfo Info, IImageFormat Format) IdentifyChecked(string path)
    {
        IImageInfo? info;
        IImageFormat? format;
        try
        {
            using var stream = File.OpenRead(path);
            info = Image.Identify(Limited, stream, out format);
        }
        catch (Exception e) when (e is SharpImageFormatException or UnknownImageFormatException or InvalidImageContentException or NotSupportedException or EndOfStreamException or IndexOutOfRangeException or ArgumentException)
        {
            throw ImageFileError.Create(path, $"cannot read the image header: {e.Message}", e);
        }
        if (info is null || format is null)
        {
            throw ImageFileError.Create(path, "cannot read the image header: the file is truncated or not a PNG, JPEG or BMP image.");
        }
        if (info.Width <= 0 || info.Height <= 0)
        {
            throw ImageFileError.Create(path, $"the header declares a zero or negative size ({info.Width}x{info.Height}).");
        }
        if ((long)info.Width * info.Height > MaxPixels)
        {
            throw ImageFileError.Create(path, $"the header declares {info.Width}x{info.Height} pixels, more than the {MaxPixels} allowed; refusing to decode.");
        }
        return (info, format);
    }

    private static Configuration CreateConfiguration()
    {
        var configuration = new Configuration(new PngConfigurationModule(), new JpegConfigurationModule(), new BmpConfigurationModule())
        {
            // One buffer may hold at most MaxPixels of the widest pixel type we decode (Rgba64).
            MemoryAllocator = MemoryAllocator.Create(new MemoryAllocatorOptions { AllocationLimitMegabytes = (int)(MaxPixels * 8 >> 20) }),
        };
        return configuration;
    }
}
