namespace CellDetect.Core.Imaging;

/// <summary>A rectangle of pixels: left column, top row, width and height.</summary>
public readonly record struct PixelRegion(int X, int Y, int Width, int Height)
{
    public int Right => X + Width;

    public int Bottom => Y + Height;

    public static PixelRegion Full(int width, int height) => new(0, 0, width, height);

    /// <summary>True when the region is non-empty and lies inside a <paramref name="width"/> x <paramref name="height"/> image.</summary>
    public bool FitsIn(int width, int height) =>
        Width > 0 && Height > 0 && X >= 0 && Y >= 0 && (long)X + Width <= width && (long)Y + Height <= height;

    public override string ToString() => $"{Width}x{Height} at ({X},{Y})";
}
