using CellDetect.Core.Detection;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.Formats.Tiff;
using SixLabors.ImageSharp.PixelFormats;

namespace CellDetect.Imaging.Annotations;

/// <summary>
/// Dot-annotation images: 8-bit single-channel, 0 everywhere except 255 at each cell's pixel (the coordinate
/// rounded to the nearest pixel; halves round up). Written as PNG, or TIFF when the path ends in .tif/.tiff.
/// Two cells that round to the same pixel become one dot; points outside the image are rejected.
/// Reading returns every non-zero pixel as a cell at that pixel's centre.
/// </summary>
public static class DotImage
{
    public const byte Marked = 255;

    public static void Write(string path, IEnumerable<CellPoint> points, int width, int height)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        using var image = new Image<L8>(width, height);
        foreach (var p in points)
        {
            var (x, y) = PixelOf(p);
            if (x < 0 || y < 0 || x >= width || y >= height)
            {
                throw new ArgumentException($"Point ({p.X}, {p.Y}) lies outside the {width}x{height} image.", nameof(points));
            }
            image[(int)x, (int)y] = new L8(Marked);
        }
        IImageEncoder encoder = IsTiff(path)
            ? new TiffEncoder { BitsPerPixel = TiffBitsPerPixel.Bit8, Compression = SixLabors.ImageSharp.Formats.Tiff.Constants.TiffCompression.Deflate }
            : new PngEncoder { ColorType = PngColorType.Grayscale, BitDepth = PngBitDepth.Bit8 };
        AtomicFile.Write(path, stream => image.Save(stream, encoder));
    }

    public static IReadOnlyList<CellPoint> Read(string path)
    {
        using var image = Image.Load<L8>(path);
        var points = new List<CellPoint>();
        for (int y = 0; y < image.Height; y++)
        {
            for (int x = 0; x < image.Width; x++)
            {
                if (image[x, y].PackedValue != 0)
                {
                    points.Add(new CellPoint(x, y));
                }
            }
        }
        return points;
    }

    /// <summary>The pixel a point is marked at: floor(v + 0.5).</summary>
    public static (long X, long Y) PixelOf(CellPoint p) => ((long)Math.Floor(p.X + 0.5), (long)Math.Floor(p.Y + 0.5));

    private static bool IsTiff(string path) =>
        path.EndsWith(".tif", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".tiff", StringComparison.OrdinalIgnoreCase);
}
