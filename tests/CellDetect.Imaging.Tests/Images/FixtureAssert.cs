using CellDetect.Core.Imaging;
using CellDetect.Imaging.Images;

namespace CellDetect.Imaging.Tests.Images;

/// <summary>Compares decoded images with the values a <see cref="TiffFixture"/> wrote.</summary>
public static class FixtureAssert
{
    public static void Matches(TiffFixture fixture, PlanarImage image, PixelRegion region, int page = 0)
    {
        Assert.Equal((region.Width, region.Height, fixture.Samples), (image.Width, image.Height, image.Channels));
        for (int c = 0; c < image.Channels; c++)
        {
            for (int y = 0; y < region.Height; y++)
            {
                for (int x = 0; x < region.Width; x++)
                {
                    var expected = fixture.Value(region.X + x, region.Y + y, c, page);
                    if (image[c, y, x] != expected)
                    {
                        Assert.Fail($"sample (x={region.X + x}, y={region.Y + y}, c={c}, page={page}): expected {expected}, got {image[c, y, x]}");
                    }
                }
            }
        }
    }

    /// <summary>Lossy codecs: the mean absolute error must be small and no sample wildly off.</summary>
    public static void Close(TiffFixture fixture, PlanarImage image, float tolerance)
    {
        Assert.Equal((fixture.Width, fixture.Height, fixture.Samples), (image.Width, image.Height, image.Channels));
        double total = 0;
        var worst = 0f;
        for (int c = 0; c < image.Channels; c++)
        {
            for (int y = 0; y < image.Height; y++)
            {
                for (int x = 0; x < image.Width; x++)
                {
                    var error = MathF.Abs(image[c, y, x] - fixture.Value(x, y, c));
                    total += error;
                    worst = MathF.Max(worst, error);
                }
            }
        }
        var mean = total / image.Pixels.Length;
        Assert.True(mean < tolerance / 4 && worst < tolerance * 3, $"JPEG error too large: mean {mean:F2}, worst {worst}");
    }
}
