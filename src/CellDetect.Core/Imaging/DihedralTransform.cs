using CellDetect.Core.Detection;

namespace CellDetect.Core.Imaging;

/// <summary>
/// One of the 8 symmetries of the square (flips and 90-degree rotations) acting on a width x height image: an
/// optional transpose, then an optional flip of x and of y in the transposed image. Pixel (x, y) goes to
/// <see cref="Map(int, int, int, int)"/>; a transposing transform swaps width and height. Pixel centres are integer
/// coordinates, so point (x, y) maps like a pixel and a flip of x sends x to width - 1 - x.
/// Used to augment training crops (image and eq. 1 labels alike) and for test-time averaging.
/// </summary>
public readonly record struct DihedralTransform
{
    private readonly int index;

    /// <param name="index">0 to 7: bit 0 flips x, bit 1 flips y, bit 2 transposes first</param>
    public DihedralTransform(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(index, 7);
        this.index = index;
    }

    public static DihedralTransform Identity => new(0);

    /// <summary>All 8, the identity first.</summary>
    public static IReadOnlyList<DihedralTransform> All { get; } = Enumerable.Range(0, 8).Select(i => new DihedralTransform(i)).ToArray();

    public int Index => index;

    public bool Transposes => (index & 4) != 0;

    private bool FlipsX => (index & 1) != 0;

    private bool FlipsY => (index & 2) != 0;

    /// <summary>
    /// The transform that undoes this one. Flipping x before a transpose is flipping y after it, so the inverse of
    /// "transpose, then flip x" is "transpose, then flip y"; without a transpose every transform is its own inverse.
    /// </summary>
    public DihedralTransform Inverse => Transposes ? new(4 | (FlipsX ? 2 : 0) | (FlipsY ? 1 : 0)) : this;

    /// <summary>The size of a width x height image after the transform.</summary>
    public (int Width, int Height) SizeOf(int width, int height) => Transposes ? (height, width) : (width, height);

    /// <summary>Where pixel (x, y) of a width x height image goes.</summary>
    public (int X, int Y) Map(int x, int y, int width, int height)
    {
        var (u, v) = Transposes ? (y, x) : (x, y);
        var (w, h) = SizeOf(width, height);
        return (FlipsX ? w - 1 - u : u, FlipsY ? h - 1 - v : v);
    }

    /// <summary>Where point (x, y) of a width x height image goes (pixel-centre coordinates).</summary>
    public CellPoint Map(CellPoint point, int width, int height)
    {
        var (u, v) = Transposes ? (point.Y, point.X) : (point.X, point.Y);
        var (w, h) = SizeOf(width, height);
        return point with { X = FlipsX ? w - 1 - u : u, Y = FlipsY ? h - 1 - v : v };
    }

    /// <summary>The rectangle a region of a width x height image becomes.</summary>
    public PixelRegion Map(PixelRegion region, int width, int height)
    {
        var (x0, y0) = Map(region.X, region.Y, width, height);
        var (x1, y1) = Map(region.Right - 1, region.Bottom - 1, width, height);
        return new PixelRegion(Math.Min(x0, x1), Math.Min(y0, y1), Math.Abs(x1 - x0) + 1, Math.Abs(y1 - y0) + 1);
    }

    /// <summary>Writes the transformed width x height plane <paramref name="source"/> into <paramref name="target"/> (row-major, <see cref="SizeOf"/>).</summary>
    public void Apply(ReadOnlySpan<float> source, int width, int height, Span<float> target)
    {
        if (source.Length != width * height || target.Length != source.Length)
        {
            throw new ArgumentException($"Expected planes of {width}x{height} = {width * height} samples, got {source.Length} and {target.Length}.");
        }
        var targetWidth = SizeOf(width, height).Width;
        for (int y = 0; y < height; y++)
        {
            var row = source.Slice(y * width, width);
            for (int x = 0; x < width; x++)
            {
                var (u, v) = Map(x, y, width, height);
                target[v * targetWidth + u] = row[x];
            }
        }
    }

    /// <summary>The transformed image, every channel alike, its pixel size transposed with it.</summary>
    public PlanarImage Apply(PlanarImage image)
    {
        var (width, height) = SizeOf(image.Width, image.Height);
        var pixelSize = image.PixelSize is { } size && Transposes ? new PixelSize(size.YMicrons, size.XMicrons) : image.PixelSize;
        var result = new PlanarImage(width, height, image.Channels, image.Sample, pixelSize);
        for (int c = 0; c < image.Channels; c++)
        {
            Apply(image.Plane(c), image.Width, image.Height, result.Plane(c));
        }
        return result;
    }

    public override string ToString() => index switch
    {
        0 => "identity",
        1 => "flip x",
        2 => "flip y",
        3 => "rotate 180",
        4 => "transpose",
        5 => "rotate 90 clockwise",
        6 => "rotate 90 anticlockwise",
        _ => "anti-transpose",
    };
}
