namespace CellDetect.Core.Detection;

/// <summary>
/// The structured label of Xie et al. (eq. 1): M = 1 / (1 + alpha * D) where D, the distance to the
/// nearest annotated centre, is at most r; 0 elsewhere. The paper uses r = 5 and alpha = 0.8.
/// </summary>
public sealed record ProximityMask(double Radius = 5.0, double Decay = 0.8)
{
    public float ValueAt(double distance) => distance <= Radius ? (float)(1.0 / (1.0 + Decay * distance)) : 0f;

    /// <summary>Renders the mask for a width x height image; row-major, index = y * width + x.</summary>
    public float[] Render(int width, int height, IEnumerable<CellPoint> centres)
    {
        var mask = new float[width * height];
        var reach = (int)Math.Ceiling(Radius);
        foreach (var centre in centres)
        {
            var x0 = Math.Max(0, (int)Math.Floor(centre.X) - reach);
            var x1 = Math.Min(width - 1, (int)Math.Ceiling(centre.X) + reach);
            var y0 = Math.Max(0, (int)Math.Floor(centre.Y) - reach);
            var y1 = Math.Min(height - 1, (int)Math.Ceiling(centre.Y) + reach);
            for (int y = y0; y <= y1; y++)
            {
                for (int x = x0; x <= x1; x++)
                {
                    var value = ValueAt(Math.Sqrt((x - centre.X) * (x - centre.X) + (y - centre.Y) * (y - centre.Y)));
                    // The nearest centre gives the largest value, so a max over centres is eq. 1 exactly.
                    if (value > mask[y * width + x])
                    {
                        mask[y * width + x] = value;
                    }
                }
            }
        }
        return mask;
    }
}
