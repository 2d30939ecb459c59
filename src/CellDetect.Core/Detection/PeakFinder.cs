using CellDetect.Core.Imaging;

namespace CellDetect.Core.Detection;

/// <summary>
/// Cells are the local maxima of the fused proximity map above a threshold (zeta in the paper).
/// A peak must be the maximum of its (2 * <see cref="Radius"/> + 1)^2 neighbourhood; on a plateau
/// the first pixel in raster order wins, so a flat top yields one cell, not several.
/// Each peak is refined to sub-pixel precision by a parabola through its neighbours.
/// Non-finite map values (NaN, infinity) are never peaks.
/// </summary>
public sealed record PeakFinder(int Radius = 2)
{
    /// <summary>
    /// Peaks of a width x height map whose pixel (0,0) is image pixel (offsetX, offsetY). Only pixels in
    /// <paramref name="candidates"/> (map coordinates; all when null) may be peaks, but all pixels count as
    /// neighbours, so a tile searched with a margin of Radius + 1 agrees exactly with the whole map.
    /// </summary>
    public List<CellPoint> Find(ReadOnlySpan<float> map, int width, int height, float threshold, int offsetX = 0, int offsetY = 0, PixelRegion? candidates = null)
    {
        if (!float.IsFinite(threshold))
        {
            throw new ArgumentOutOfRangeException(nameof(threshold), threshold, "The peak threshold must be a finite number.");
        }
        var area = candidates ?? PixelRegion.Full(width, height);
        var peaks = new List<CellPoint>();
        for (int y = area.Y; y < area.Bottom; y++)
        {
            for (int x = area.X; x < area.Right; x++)
            {
                var value = map[y * width + x];
                // NaN compares false with everything, so it would pass "value <= threshold" and every
                // neighbour test: a non-finite value is never a cell.
                if (!float.IsFinite(value) || value <= threshold || !IsLocalMaximum(map, width, height, x, y, value))
                {
                    continue;
                }
                peaks.Add(new CellPoint(
                    offsetX + x + Refine(map, width, x, y, 1, 0, width),
                    offsetY + y + Refine(map, width, x, y, 0, 1, height),
                    value));
            }
        }
        return peaks;
    }

    private bool IsLocalMaximum(ReadOnlySpan<float> map, int width, int height, int x, int y, float value)
    {
        for (int ny = Math.Max(0, y - Radius); ny <= Math.Min(height - 1, y + Radius); ny++)
        {
            for (int nx = Math.Max(0, x - Radius); nx <= Math.Min(width - 1, x + Radius); nx++)
            {
                var neighbour = map[ny * width + nx];
                var earlier = ny < y || (ny == y && nx < x);
                if (neighbour > value || (earlier && neighbour == value))
                {
                    return false;
                }
            }
        }
        return true;
    }

    private static double Refine(ReadOnlySpan<float> map, int width, int x, int y, int stepX, int stepY, int extent)
    {
        var position = stepX == 1 ? x : y;
        if (position == 0 || position == extent - 1)
        {
            return 0;
        }
        double before = map[(y - stepY) * width + x - stepX];
        double centre = map[y * width + x];
        double after = map[(y + stepY) * width + x + stepX];
        var curvature = before - 2 * centre + after;
        return curvature < 0 ? Math.Clamp(0.5 * (before - after) / curvature, -0.5, 0.5) : 0;
    }
}
