using System.Globalization;
using CellDetect.Core.Evaluation;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.PixelFormats;

namespace CellDetect.Imaging.Plots;

/// <summary>One named curve: (recall, precision) points in drawing order, and an optional point to mark (e.g. the best F1).</summary>
public sealed record PlotSeries(string Name, IReadOnlyList<(double Recall, double Precision)> Points, (double Recall, double Precision)? Marker = null, (byte R, byte G, byte B)? Color = null)
{
    /// <summary>The sweep's points, with the best-F1 point marked and named "NAME (F1=0.xxx)".</summary>
    public static PlotSeries FromCurve(string name, PrCurve curve, (byte R, byte G, byte B)? color = null)
    {
        ArgumentNullException.ThrowIfNull(curve);
        var label = $"{name} (F1={curve.Best.F1.ToString("0.000", CultureInfo.InvariantCulture)})";
        return new PlotSeries(label, curve.Points.Select(p => (p.Recall, p.Precision)).ToList(), (curve.Best.Recall, curve.Best.Precision), color);
    }
}

/// <summary>
/// Precision-recall plots as PNG, drawn without a graphics library: recall on x, precision on y, both 0..1 with
/// ticks and grid lines every 0.2, one colour per curve, a legend with the curve names. Written atomically.
/// </summary>
public static class PrCurvePlot
{
    private static readonly (byte R, byte G, byte B)[] Palette =
    {
        (31, 119, 180), (214, 39, 40), (44, 160, 44), (255, 127, 14), (148, 103, 189),
        (140, 86, 75), (227, 119, 194), (127, 127, 127), (188, 189, 34), (23, 190, 207),
    };

    public static void WritePng(string path, IReadOnlyList<PlotSeries> series, int size = 640)
    {
        var png = RenderPng(series, size);
        AtomicFile.WriteAllBytes(path, png);
    }

    public static byte[] RenderPng(IReadOnlyList<PlotSeries> series, int size = 640)
    {
        ArgumentNullException.ThrowIfNull(series);
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 200);
        using var raster = Render(series, size);
        using var buffer = new MemoryStream();
        raster.Image.Save(buffer, new PngEncoder { ColorType = PngColorType.Rgb, BitDepth = PngBitDepth.Bit8 });
        return buffer.ToArray();
    }

    /// <summary>The plot area in pixels for a given image size: left, top and side length.</summary>
    public static (int Left, int Top, int Side) PlotArea(int size)
    {
        int left = size / 8 + 20, top = size / 20, right = size / 20;
        var side = size - left - right;
        var bottom = size - top - side;
        if (bottom < 50)
        {
            side -= 50 - bottom;
        }
        return (left, top, side);
    }

    /// <summary>Pixel position of (recall, precision) in an image of the given size.</summary>
    public static (double X, double Y) ToPixel(double recall, double precision, int size)
    {
        var (left, top, side) = PlotArea(size);
        return (left + recall * side, top + (1 - precision) * side);
    }

    private static Raster Render(IReadOnlyList<PlotSeries> series, int size)
    {
        var black = new Rgba32(0, 0, 0);
        var grid = new Rgba32(220, 220, 220);
        var raster = new Raster(size, size, new Rgba32(255, 255, 255));
        var (left, top, side) = PlotArea(size);
        int scale = Math.Max(1, size / 320);

        for (int k = 0; k <= 5; k++)
        {
            var v = k / 5.0;
            var (gx, _) = ToPixel(v, 0, size);
            var (_, gy) = ToPixel(0, v, size);
            raster.DrawLine(gx, top, gx, top + side, 1, grid);
            raster.DrawLine(left, gy, left + side, gy, 1, grid);
            raster.DrawLine(gx, top + side, gx, top + side + 6, 1.5, black);
            raster.DrawLine(left - 6, gy, left, gy, 1.5, black);
            var label = k == 0 ? "0" : k == 5 ? "1" : v.ToString("0.0", CultureInfo.InvariantCulture);
            raster.DrawText(label, (int)Math.Round(gx - BitmapFont.Width(label, scale) / 2.0), top + side + 10, scale, black);
            raster.DrawText(label, left - 10 - BitmapFont.Width(label, scale), (int)Math.Round(gy - BitmapFont.Height(scale) / 2.0), scale, black);
        }
        var frame = new[] { ((double)left, (double)top), (left + side, top), (left + side, top + side), (left, top + side), (left, top) };
        raster.DrawPolyline(frame, 1.5, black);

        var xLabel = "Recall";
        raster.DrawText(xLabel, left + (side - BitmapFont.Width(xLabel, scale)) / 2, top + side + 20 + BitmapFont.Height(scale), scale, black);
        var yLabel = "Precision";
        var labelX = left - 18 - BitmapFont.Width("0.0", scale) - BitmapFont.Height(scale);
        raster.DrawTextUpwards(yLabel, Math.Max(2, labelX), top + (side + BitmapFont.Width(yLabel, scale)) / 2, scale, black);

        for (int s = 0; s < series.Count; s++)
        {
            var color = ToRgba(series[s].Color ?? Palette[s % Palette.Length]);
            var pixels = series[s].Points.Where(p => double.IsFinite(p.Recall) && double.IsFinite(p.Precision))
                .Select(p => ToPixel(Math.Clamp(p.Recall, 0, 1), Math.Clamp(p.Precision, 0, 1), size)).ToList();
            raster.DrawPolyline(pixels, 2.0 * scale, color);
            if (series[s].Marker is { } marker)
            {
                var (mx, my) = ToPixel(marker.Recall, marker.Precision, size);
                raster.FillDisc(mx, my, 3.5 * scale, color);
            }
        }

        // Legend in the lower-left of the plot area, where precision-recall curves rarely go.
        if (series.Count > 0)
        {
            int lineHeight = BitmapFont.Height(scale) + 6 * scale;
            int swatch = 16 * scale;
            int width = 6 * scale + swatch + 4 * scale + series.Max(s => BitmapFont.Width(s.Name, scale)) + 6 * scale;
            int height = series.Count * lineHeight + 4 * scale;
            int x0 = left + 8, y0 = top + side - 8 - height;
            raster.FillRectangle(x0, y0, width, height, new Rgba32(255, 255, 255, 230));
            raster.DrawPolyline(new[] { ((double)x0, (double)y0), (x0 + width, y0), (x0 + width, y0 + height), (x0, y0 + height), (x0, y0) }, 1, new Rgba32(160, 160, 160));
            for (int s = 0; s < series.Count; s++)
            {
                var color = ToRgba(series[s].Color ?? Palette[s % Palette.Length]);
                var cy = y0 + 2 * scale + s * lineHeight + lineHeight / 2.0;
                raster.DrawLine(x0 + 6 * scale, cy, x0 + 6 * scale + swatch, cy, 2.0 * scale, color);
                raster.DrawText(series[s].Name, x0 + 10 * scale + swatch, (int)Math.Round(cy - BitmapFont.Height(scale) / 2.0), scale, black);
            }
        }
        return raster;
    }

    private static Rgba32 ToRgba((byte R, byte G, byte B) c) => new(c.R, c.G, c.B);
}
