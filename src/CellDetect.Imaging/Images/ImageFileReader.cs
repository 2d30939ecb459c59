using CellDetect.Core.Imaging;
using CellDetect.Imaging.Images.Raster;
using CellDetect.Imaging.Images.Tiff;

namespace CellDetect.Imaging.Images;

/// <summary>
/// The one entry point for reading images: picks the decoder from the file's magic bytes (never the
/// extension) and returns <see cref="PlanarImage"/>s at the original sample scale. Thread-safe.
/// </summary>
public sealed class ImageFileReader
{
    private const int HeaderLength = 16;
    private readonly IReadOnlyList<IImageDecoder> decoders;

    public ImageFileReader()
        : this(new IImageDecoder[] { new TiffImageDecoder(), new RasterImageDecoder() })
    {
    }

    public ImageFileReader(IReadOnlyList<IImageDecoder> decoders)
    {
        this.decoders = decoders;
    }

    public ImageInfo Identify(string path) => DecoderFor(path).Identify(path);

    /// <summary>Reads one whole page (for hyperstacks: one Z/T position with all its channels).</summary>
    public PlanarImage Read(string path, int page = 0) => DecoderFor(path).Read(path, page);

    /// <summary>
    /// Reads a rectangle of one page. Tiled and stripped TIFFs decode only the tiles/strips that overlap
    /// the region; PNG, JPEG and BMP decode the whole file and crop.
    /// </summary>
    public PlanarImage ReadRegion(string path, PixelRegion region, int page = 0) => DecoderFor(path).ReadRegion(path, region, page);

    private IImageDecoder DecoderFor(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (Directory.Exists(path))
        {
            throw ImageFileError.Create(path, "is a directory, not an image file.");
        }
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"Image file not found: {path}", path);
        }
        Span<byte> header = stackalloc byte[HeaderLength];
        int length;
        using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1))
        {
            length = stream.ReadAtLeast(header, HeaderLength, throwOnEndOfStream: false);
        }
        if (length == 0)
        {
            throw ImageFileError.Create(path, "file is empty.");
        }
        header = header[..length];
        foreach (var decoder in decoders)
        {
            if (decoder.CanDecode(header))
            {
                return decoder;
            }
        }
        throw ImageFileError.Create(path, $"unknown image format (first bytes {Convert.ToHexString(header[..Math.Min(8, length)])}); expected TIFF, PNG, JPEG or BMP.");
    }
}
