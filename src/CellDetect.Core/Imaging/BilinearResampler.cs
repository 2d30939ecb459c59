namespace CellDetect.Core.Imaging;

/// <summary>
/// Resamples an image to a new size with pixel centres aligned: output pixel x sits at input
/// (x + 0.5) / scale - 0.5. When shrinking, the input is box-averaged first so that no detail aliases.
/// </summary>
public static class BilinearResampler
{
    public static PlanarImage Resize(PlanarImage image, int width, int height, PixelSize? pixelSize)
    {
        var scaleX = (double)width / image.Width;
        var scaleY = (double)height / image.Height;
        var result = new PlanarImage(width, height, image.Channels, image.Sample, pixelSize);
        for (int c = 0; c < image.Channels; c++)
        {
            var source = image.Plane(c);
            var target = result.Plane(c);
            for (int y = 0; y < height; y++)
            {
                var sy = Math.Clamp((y + 0.5) / scaleY - 0.5, 0, image.Height - 1);
                var y0 = (int)sy;
                var y1 = Math.Min(y0 + 1, image.Height - 1);
                var fy = (float)(sy - y0);
                for (int x = 0; x < width; x++)
                {
                    var sx = Math.Clamp((x + 0.5) / scaleX - 0.5, 0, image.Width - 1);
                    var x0 = (int)sx;
                    var x1 = Math.Min(x0 + 1, image.Width - 1);
                    var fx = (float)(sx - x0);
                    var top = source[y0 * image.Width + x0] * (1 - fx) + source[y0 * image.Width + x1] * fx;
                    var bottom = source[y1 * image.Width + x0] * (1 - fx) + source[y1 * image.Width + x1] * fx;
                    target[y * width + x] = top * (1 - fy) + bottom * fy;
                }
            }
        }
        return result;
    }

    /// <summary>Maps a coordinate in the resized image back to the original (pixel-centre convention).</summary>
    public static double ToOriginal(double resized, double scale) => (resized + 0.5) / scale - 0.5;
}
