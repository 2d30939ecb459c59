using CellDetect.Core.Augmentation;
using CellDetect.Core.Imaging;

namespace CellDetect.Core.Tests.Augmentation;

public sealed class ScaleJitterTests
{
    [Fact]
    public void DrawsStayWithinTwentyPercent()
    {
        var random = new Random(1);
        Assert.All(Enumerable.Range(0, 2000).Select(_ => ScaleJitter.Draw(random).Factor), f => Assert.InRange(f, 1 - ScaleJitter.MaxChange, 1 + ScaleJitter.MaxChange));
    }

    [Fact]
    public void FactorOneIsThePlainMirroredCrop()
    {
        var image = Ramp(20, 16, channels: 2);
        var (size, cx, cy) = (9, 2, 13);
        var crop = new float[2 * size * size];
        var inside = new float[size * size];
        new ScaleJitter(1).Cut(image, cx, cy, size, crop, inside);
        for (int c = 0; c < 2; c++)
        {
            for (int y = 0; y < size; y++)
            {
                for (int x = 0; x < size; x++)
                {
                    var (ix, iy) = (cx - size / 2 + x, cy - size / 2 + y);
                    Assert.Equal(image[c, MirroredBorder.Reflect(iy, 16), MirroredBorder.Reflect(ix, 20)], crop[(c * size + y) * size + x], 4);
                    Assert.Equal(ix >= 0 && iy < 16 ? 1f : 0f, inside[y * size + x]);
                }
            }
        }
    }

    [Theory]
    [InlineData(0.8)]
    [InlineData(1.2)]
    public void ACropShowsTheImageResizedAndPointsMoveWithIt(double factor)
    {
        // A linear ramp is reproduced exactly by bilinear interpolation: crop pixel i shows image coordinate ToImage(i).
        var image = Ramp(60, 50, channels: 1);
        var jitter = new ScaleJitter(factor);
        var (size, cx, cy) = (21, 30.0, 24.0);
        var crop = new float[size * size];
        jitter.Cut(image, cx, cy, size, crop, new float[size * size]);
        for (int y = 0; y < size; y++)
        {
            for (int x = 0; x < size; x++)
            {
                Assert.Equal(RampValue(jitter.ToImage(x, cx, size), jitter.ToImage(y, cy, size)), crop[y * size + x], 3);
            }
        }
        Assert.Equal(7.0, jitter.ToCrop(jitter.ToImage(7, cx, size), cx, size), 9);
        Assert.Equal((size - 1) / 2.0, jitter.ToCrop(cx, cx, size), 9);
        Assert.Equal((size - 1) / 2.0 + 5 * factor, jitter.ToCrop(cx + 5, cx, size), 9);
    }

    private static float RampValue(double x, double y) => (float)(x + 100 * y);

    private static PlanarImage Ramp(int width, int height, int channels)
    {
        var image = new PlanarImage(width, height, channels, SampleDescription.Float32);
        for (int c = 0; c < channels; c++)
        {
            for (int y = 0; y < height; y++)
            {
                for (int x = 0; x < width; x++)
                {
                    image[c, y, x] = RampValue(x, y) + 10000 * c;
                }
            }
        }
        return image;
    }
}
