namespace CellDetect.Core.Detection;

/// <summary>
/// Fuses overlapping proximity patches into one map (Fig. 2B): every patch centred at (u, v) casts a
/// vote on each pixel of its d' x d' neighbourhood, and each pixel takes the mean of the votes it got.
/// Covers a window of a larger image so that tiles can be fused independently and still agree with
/// whole-image fusion exactly: votes outside the window are dropped, the caller supplies every patch
/// whose neighbourhood touches the window.
/// </summary>
public sealed class ProximityFusion
{
    private readonly float[] sum;
    private readonly int[] votes;

    public ProximityFusion(int left, int top, int width, int height, int patchSize)
    {
        if (patchSize % 2 == 0)
        {
            throw new ArgumentException("The proximity patch must have an odd size so that it has a centre.", nameof(patchSize));
        }
        Left = left;
        Top = top;
        Width = width;
        Height = height;
        PatchSize = patchSize;
        sum = new float[width * height];
        votes = new int[width * height];
    }

    public int Left { get; }

    public int Top { get; }

    public int Width { get; }

    public int Height { get; }

    public int PatchSize { get; }

    /// <summary>
    /// Adds the patch predicted at image pixel (centreX, centreY). <paramref name="patch"/> holds
    /// PatchSize * PatchSize values, row-major, read with a stride of <paramref name="elementStride"/>
    /// so that a network's channel-major output can be voted without copying.
    /// </summary>
    public void Vote(int centreX, int centreY, ReadOnlySpan<float> patch, int elementStride = 1)
    {
        var half = PatchSize / 2;
        var dy0 = Math.Max(-half, Top - centreY);
        var dy1 = Math.Min(half, Top + Height - 1 - centreY);
        var dx0 = Math.Max(-half, Left - centreX);
        var dx1 = Math.Min(half, Left + Width - 1 - centreX);
        for (int dy = dy0; dy <= dy1; dy++)
        {
            var row = (centreY + dy - Top) * Width - Left + centreX;
            var patchRow = (dy + half) * PatchSize + half;
            for (int dx = dx0; dx <= dx1; dx++)
            {
                sum[row + dx] += patch[(patchRow + dx) * elementStride];
                votes[row + dx]++;
            }
        }
    }

    /// <summary>The fused map, row-major over the window; pixels that got no vote are 0.</summary>
    public float[] Mean()
    {
        var map = new float[sum.Length];
        for (int i = 0; i < map.Length; i++)
        {
            map[i] = votes[i] == 0 ? 0f : sum[i] / votes[i];
        }
        return map;
    }
}
