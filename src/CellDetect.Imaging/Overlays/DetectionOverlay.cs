using CellDetect.Core.Detection;
using CellDetect.Core.Imaging;
using CellDetect.Imaging.Annotations;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace CellDetect.Imaging.Overlays;

/// <summary>
/// The picture a person checks: the image, contrast-stretched for display, with a ring around every
/// detection in its class colour (yellow when unclassified), and optionally the truth as small green dots.
/// </summary>
public static class DetectionOverlay
{
    private const int RingRadius = 5;

    public static void WritePng(string path, PlanarImage image, IReadOnlyList<CellPoint> detections, IReadOnlyList<CellPoint>? truth = null)
    {
        using var picture = Render(image, detections, truth);
        AtomicFile.Write(path, stream => picture.SaveAsPng(stream));
    }

    public static Image<Rgb24> Render(PlanarImage image, IReadOnlyList<CellPoint> detections, IReadOnlyList<CellPoint>? truth = null)
    {
        var display = new PercentileNormalization(0.5, 99.5, 0).Normalize(image);
        var picture = new Image<Rgb24>(image.Width, image.Height);
        var colourPlanes = image.Channels >= 3 ? 3 : 1;
        picture.ProcessPixelRows(rows =>
        {
            for (int y = 0; y < rows.Height; y++)
            {
                var row = rows.GetRowSpan(y);
                for (int x = 0; x < row.Length; x++)
                {
                    var r = ToByte(display[0, y, x]);
                    row[x] = colourPlanes == 3 ? new Rgb24(r, ToByte(display[1, y, x]), ToByte(display[2, y, x])) : new Rgb24(r, r, r);
                }
            }
        });
        foreach (var cell in detections)
        {
            var (r, g, b) = ClassColors.For(cell.Class);
            DrawRing(picture, cell.X, cell.Y, RingRadius, new Rgb24(r, g, b));
        }
        foreach (var cell in truth ?? Array.Empty<CellPoint>())
        {
            DrawDot(picture, cell.X, cell.Y, new Rgb24(0, 255, 0));
        }
        return picture;
    }

    private static byte ToByte(float value) => (byte)Math.Clamp(value * 255f + 0.5f, 0f, 255f);

    private static void DrawRing(Image<Rgb24> picture, double cx, double cy, int radius, Rgb24 colour)
    {
        var steps = (int)Math.Ceiling(2 * Math.PI * radius * 2);
        for (int i = 0; i < steps; i++)
        {
            var angle = 2 * Math.PI * i / steps;
            Plot(picture, (int)Math.Round(cx + radius * Math.Cos(angle)), (int)Math.Round(cy + radius * Math.Sin(angle)), colour);
        }
        Plot(picture, (int)Math.Round(cx), (int)Math.Round(cy), colour);
    }

    private static void DrawDot(Image<Rgb24> picture, double cx, double cy, Rgb24 colour)
    {
        var (x, y) = ((int)Math.Round(cx), (int)Math.Round(cy));
        Plot(picture, x, y, colour);
        Plot(picture, x + 1, y, colour);
        Plot(picture, x - 1, y, colour);
        Plot(picture, x, y + 1, colour);
        Plot(picture, x, y - 1, colour);
    }

    private static void Plot(Image<Rgb24> picture, int x, int y, Rgb24 colour)
    {
        if (x >= 0 && y >= 0 && x < picture.Width && y < picture.Height)
        {
            picture[x, y] = colour;
        }
    }
}
