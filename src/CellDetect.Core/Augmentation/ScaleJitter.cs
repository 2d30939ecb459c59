using CellDetect.Core.Imaging;

namespace CellDetect.Core.Augmentation;

/// <summary>
/// Cell size variation: a crop shows the image resized by <see cref="Factor"/>, uniform in [0.8, 1.2] per crop
/// (bilinear, mirrored borders). The eq. 1 labels are not resized with it: they are drawn anew, radius 5 as always,
/// around the clicks moved into the crop, so the network learns the same peak for larger and smaller cells.
/// Crop pixel i shows image coordinate centre + (i - (size - 1) / 2) / Factor.
/// </summary>
public sealed record ScaleJitter(double Factor)
{
    public const double MaxChange = 0.2;

    public static string Description => FormattableString.Invariant($"scale jitter (x U({1 - MaxChange}, {1 + MaxChange}), labels redrawn at the moved clicks)");

    public static ScaleJitter Draw(Random random) => new(random.Uniform(1 - MaxChange, 1 + MaxChange));

    /// <summary>Where an image coordinate lands in a crop of <paramref name="size"/> centred on <paramref name="centre"/>.</summary>
    public double ToCrop(double imageCoordinate, double centre, int size) => (imageCoordinate - centre) * Factor + (size - 1) / 2.0;

    /// <summary>The image coordinate crop pixel <paramref name="cropCoordinate"/> shows.</summary>
    public double ToImage(int cropCoordinate, double centre, int size) => centre + (cropCoordinate - (size - 1) / 2.0) / Factor;

    /// <summary>
    /// Cuts a <paramref name="size"/> x <paramref name="size"/> crop centred on (centreX, centreY) from every channel of
    /// <paramref name="image"/> into <paramref name="target"/> (channel planes), and writes 1 into <paramref name="inside"/>
    /// where a crop pixel shows the image, 0 where it shows the mirror past its border.
    /// </summary>
    public void Cut(PlanarImage image, double centreX, double centreY, int size, Span<float> target, Span<float> inside)
    {
        var plane = size * size;
        if (target.Length != image.Channels * plane || inside.Length != plane)
        {
            throw new ArgumentException($"Expected {image.Channels} planes and a mask of {size}x{size}, got {target.Length} and {inside.Length} samples.");
        }
        Span<int> x0 = stackalloc int[size], x1 = stackalloc int[size], y0 = stackalloc int[size], y1 = stackalloc int[size];
        Span<float> fx = stackalloc float[size], fy = stackalloc float[size];
        Span<bool> insideX = stackalloc bool[size], insideY = stackalloc bool[size];
        Taps(centreX, size, image.Width, x0, x1, fx, insideX);
        Taps(centreY, size, image.Height, y0, y1, fy, insideY);
        for (int y = 0; y < size; y++)
        {
            for (int x = 0; x < size; x++)
            {
                inside[y * size + x] = insideX[x] && insideY[y] ? 1f : 0f;
            }
        }
        for (int c = 0; c < image.Channels; c++)
        {
            var source = image.Plane(c);
            var crop = target.Slice(c * plane, plane);
            for (int y = 0; y < size; y++)
            {
                var top = source.Slice(y0[y] * image.Width, image.Width);
                var bottom = source.Slice(y1[y] * image.Width, image.Width);
                for (int x = 0; x < size; x++)
                {
                    var upper = top[x0[x]] + (top[x1[x]] - top[x0[x]]) * fx[x];
                    var lower = bottom[x0[x]] + (bottom[x1[x]] - bottom[x0[x]]) * fx[x];
                    crop[y * size + x] = upper + (lower - upper) * fy[y];
                }
            }
        }
    }

    /// <summary>For each crop position along one axis: the two image samples it interpolates, the weight of the second, and whether it lies in the image.</summary>
    private void Taps(double centre, int size, int extent, Span<int> first, Span<int> second, Span<float> weight, Span<bool> inside)
    {
        for (int i = 0; i < size; i++)
        {
            var position = ToImage(i, centre, size);
            var floor = (int)Math.Floor(position);
            first[i] = MirroredBorder.Reflect(floor, extent);
            second[i] = MirroredBorder.Reflect(floor + 1, extent);
            weight[i] = (float)(position - floor);
            inside[i] = position >= -0.5 && position < extent - 0.5;
        }
    }
}
