using CellDetect.Core.Detection;
using CellDetect.Core.Imaging;

namespace CellDetect.Core.Tests.Imaging;

public sealed class DihedralTransformTests
{
    public static TheoryData<int> Indices() => new(Enumerable.Range(0, 8));

    [Fact]
    public void TheEightTransformsAreDistinct()
    {
        var image = Numbered(5, 3);
        var results = DihedralTransform.All.Select(t => string.Join(',', t.Apply(image).Pixels)).ToHashSet();
        Assert.Equal(8, results.Count);
    }

    [Theory]
    [MemberData(nameof(Indices))]
    public void InverseUndoesTheTransformExactly(int index)
    {
        var transform = new DihedralTransform(index);
        var image = Numbered(7, 4, channels: 2, new PixelSize(0.5, 0.25));
        var round = transform.Inverse.Apply(transform.Apply(image));
        Assert.Equal((image.Width, image.Height, image.PixelSize), (round.Width, round.Height, round.PixelSize));
        Assert.Equal(image.Pixels, round.Pixels);
        var (w, h) = transform.SizeOf(7, 4);
        for (int y = 0; y < 4; y++)
        {
            for (int x = 0; x < 7; x++)
            {
                var (u, v) = transform.Map(x, y, 7, 4);
                Assert.Equal((x, y), transform.Inverse.Map(u, v, w, h));
            }
        }
    }

    [Theory]
    [MemberData(nameof(Indices))]
    public void PixelsPointsAndRegionsMoveTogether(int index)
    {
        var transform = new DihedralTransform(index);
        var image = Numbered(9, 6);
        var moved = transform.Apply(image);
        for (int y = 0; y < 6; y++)
        {
            for (int x = 0; x < 9; x++)
            {
                var (u, v) = transform.Map(x, y, 9, 6);
                Assert.Equal(image[0, y, x], moved[0, v, u]);
                var point = transform.Map(new CellPoint(x, y, 0.7, "a"), 9, 6);
                Assert.Equal(new CellPoint(u, v, 0.7, "a"), point);
            }
        }
        var region = transform.Map(new PixelRegion(2, 1, 4, 3), 9, 6);
        var expected = Enumerable.Range(1, 3).SelectMany(y => Enumerable.Range(2, 4).Select(x => image[0, y, x])).Order();
        var inside = Enumerable.Range(region.Y, region.Height).SelectMany(v => Enumerable.Range(region.X, region.Width).Select(u => moved[0, v, u])).Order();
        Assert.Equal(expected, inside);
    }

    [Theory]
    [MemberData(nameof(Indices))]
    public void LabelsRenderedFromMovedPointsAreTheMovedLabels(int index)
    {
        // The eq. 1 labels transform exactly with the image: transforming the mask equals rendering it from the moved clicks.
        var transform = new DihedralTransform(index);
        var cells = new[] { new CellPoint(3.25, 4.5), new CellPoint(11.75, 2), new CellPoint(8, 12.5) };
        var mask = new ProximityMask();
        var (w, h) = transform.SizeOf(17, 15);
        var moved = new float[17 * 15];
        transform.Apply(mask.Render(17, 15, cells), 17, 15, moved);
        var rendered = mask.Render(w, h, cells.Select(c => transform.Map(c, 17, 15)));
        for (int i = 0; i < moved.Length; i++)
        {
            Assert.Equal(moved[i], rendered[i], 5);
        }
    }

    [Fact]
    public void FourQuarterTurnsAreTheIdentity()
    {
        var quarter = DihedralTransform.All.Single(t => t.ToString() == "rotate 90 clockwise");
        var image = Numbered(5, 3);
        var turned = image;
        for (int i = 0; i < 4; i++)
        {
            turned = quarter.Apply(turned);
        }
        Assert.Equal(image.Pixels, turned.Pixels);
        // Clockwise in image coordinates (y down): the top-left pixel goes to the top-right corner.
        Assert.Equal(image[0, 0, 0], quarter.Apply(image)[0, 0, 2]);
    }

    [Theory]
    [MemberData(nameof(Indices))]
    public void ARegionOfTheTransformedViewIsThatRegionOfTheTransformedImage(int index)
    {
        var transform = new DihedralTransform(index);
        var image = Numbered(13, 8, channels: 3);
        var whole = transform.Apply(image);
        var view = new DihedralRegionSource(new InMemoryRegionSource(image), transform);
        Assert.Equal((whole.Width, whole.Height), (view.Width, view.Height));
        var region = new PixelRegion(1, 2, Math.Min(5, whole.Width - 1), 4);
        Assert.Equal(new InMemoryRegionSource(whole).ReadRegion(region).Pixels, view.ReadRegion(region).Pixels);
    }

    /// <summary>Every sample distinct: channel c, pixel (x, y) holds 1000 c + 100 y + x.</summary>
    private static PlanarImage Numbered(int width, int height, int channels = 1, PixelSize? pixelSize = null)
    {
        var image = new PlanarImage(width, height, channels, SampleDescription.Float32, pixelSize);
        for (int c = 0; c < channels; c++)
        {
            for (int y = 0; y < height; y++)
            {
                for (int x = 0; x < width; x++)
                {
                    image[c, y, x] = 1000 * c + 100 * y + x;
                }
            }
        }
        return image;
    }
}
