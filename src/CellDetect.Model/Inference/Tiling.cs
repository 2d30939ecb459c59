using CellDetect.Core.Imaging;

namespace CellDetect.Model.Inference;

/// <summary>Splits an image into row-major square tiles (the last row and column may be smaller).</summary>
public static class Tiling
{
    public static IReadOnlyList<PixelRegion> Cover(int width, int height, int tileSize)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(tileSize);
        var tiles = new List<PixelRegion>();
        for (int y = 0; y < height; y += tileSize)
        {
            for (int x = 0; x < width; x += tileSize)
            {
                tiles.Add(new PixelRegion(x, y, Math.Min(tileSize, width - x), Math.Min(tileSize, height - y)));
            }
        }
        return tiles;
    }
}
