namespace CellDetect.Core.Imaging;

/// <summary>
/// An image read a rectangle at a time, so that slides larger than memory can be processed tile by
/// tile. Regions must lie inside the image.
/// </summary>
public interface IRegionSource
{
    int Width { get; }

    int Height { get; }

    int Channels { get; }

    SampleDescription Sample { get; }

    PixelSize? PixelSize { get; }

    PlanarImage ReadRegion(PixelRegion region);
}
