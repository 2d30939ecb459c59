using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace CellDetect.Imaging.Plots;

/// <summary>Minimal anti-aliased drawing on an RGBA image: thick polylines, rectangles, discs and bitmap text.</summary>
internal sealed class Raster : IDisposable
{
    public Raster(int width, int height, Rgba32 background)
    {
        Image = new Image<Rgba32>(width, height, background);
    }

    public Image<Rgba32> Image { get; }

    public int Width => Image.Width;

    public int Height => Image.Height;

    public void Dispose() => Image.Dispose();

    public void Blend(int x, int y, Rgba32 color, float alpha)
    {
        if (x < 0 || y < 0 || x >= Width || y >= Height || alpha <= 0)
        {
            return;
        }
        alpha = Math.Min(alpha, 1f) * color.A / 255f;
        var under = Image[x, y];
        Image[x, y] = new Rgba32(
            (byte)Math.Round(under.R + (color.R - under.R) * alpha),
            (byte)Math.Round(under.G + (color.G - under.G) * alpha),
            (byte)Math.Round(under.B + (color.B - under.B) * alpha),
            255);
    }

    public void FillRectangle(int x, int y, int width, int height, Rgba32 color)
    {
        for (int j = y; j < y + height; j++)
        {
            for (int i = x; i < x + width; i++)
            {
                Blend(i, j, color, 1f);
            }
        }
    }

    /// <summary>
    /// A polyline of the given width in continuous pixel coordinates (pixel (i, j) covers [i, i+1) x [j, j+1)).
    /// Coverage is the maximum over segments, so joints are not blended twice.
    /// </summary>
    public void DrawPolyline(IReadOnlyList<(double X, double Y)> points, double width, Rgba32 color)
    {
        if (points.Count == 0)
        {
            return;
        }
        var half = width / 2;
        var coverage = new Dictionary<(int, int), float>();
        if (points.Count == 1)
        {
            Cover(points[0], points[0], half, coverage);
        }
        for (int k = 0; k + 1 < points.Count; k++)
        {
            Cover(points[k], points[k + 1], half, coverage);
        }
        foreach (var ((x, y), alpha) in coverage)
        {
            Blend(x, y, color, alpha);
        }
    }

    public void DrawLine(double x0, double y0, double x1, double y1, double width, Rgba32 color) =>
        DrawPolyline(new[] { (x0, y0), (x1, y1) }, width, color);

    public void FillDisc(double cx, double cy, double radius, Rgba32 color) =>
        DrawPolyline(new[] { (cx, cy) }, 2 * radius, color);

    /// <summary>Text with its top-left corner at (x, y), each font pixel a <paramref name="scale"/>-sized block.</summary>
    public void DrawText(string text, int x, int y, int scale, Rgba32 color)
    {
        for (int k = 0; k < text.Length; k++)
        {
            for (int gy = 0; gy < BitmapFont.GlyphHeight; gy++)
            {
                for (int gx = 0; gx < BitmapFont.GlyphWidth; gx++)
                {
                    if (BitmapFont.IsSet(text[k], gx, gy))
                    {
                        FillRectangle(x + (k * BitmapFont.Advance + gx) * scale, y + gy * scale, scale, scale, color);
                    }
                }
            }
        }
    }

    /// <summary>Text rotated a quarter turn anticlockwise (reading upwards), its baseline's start at the bottom-left (x, y).</summary>
    public void DrawTextUpwards(string text, int x, int y, int scale, Rgba32 color)
    {
        for (int k = 0; k < text.Length; k++)
        {
            for (int gy = 0; gy < BitmapFont.GlyphHeight; gy++)
            {
                for (int gx = 0; gx < BitmapFont.GlyphWidth; gx++)
                {
                    if (BitmapFont.IsSet(text[k], gx, gy))
                    {
                        var along = (k * BitmapFont.Advance + gx) * scale;
                        FillRectangle(x + gy * scale, y - along - scale, scale, scale, color);
                    }
                }
            }
        }
    }

    private void Cover((double X, double Y) a, (double X, double Y) b, double half, Dictionary<(int, int), float> coverage)
    {
        var minX = (int)Math.Floor(Math.Min(a.X, b.X) - half - 1);
        var maxX = (int)Math.Ceiling(Math.Max(a.X, b.X) + half + 1);
        var minY = (int)Math.Floor(Math.Min(a.Y, b.Y) - half - 1);
        var maxY = (int)Math.Ceiling(Math.Max(a.Y, b.Y) + half + 1);
        minX = Math.Max(minX, 0);
        minY = Math.Max(minY, 0);
        maxX = Math.Min(maxX, Width - 1);
        maxY = Math.Min(maxY, Height - 1);
        var (dx, dy) = (b.X - a.X, b.Y - a.Y);
        var lengthSquared = dx * dx + dy * dy;
        for (int y = minY; y <= maxY; y++)
        {
            for (int x = minX; x <= maxX; x++)
            {
                var (px, py) = (x + 0.5, y + 0.5);
                var t = lengthSquared == 0 ? 0 : Math.Clamp(((px - a.X) * dx + (py - a.Y) * dy) / lengthSquared, 0, 1);
                var (ex, ey) = (px - (a.X + t * dx), py - (a.Y + t * dy));
                var distance = Math.Sqrt(ex * ex + ey * ey);
                var alpha = (float)Math.Clamp(half + 0.5 - distance, 0, 1);
                if (alpha > 0 && (!coverage.TryGetValue((x, y), out var old) || old < alpha))
                {
                    coverage[(x, y)] = alpha;
                }
            }
        }
    }
}
