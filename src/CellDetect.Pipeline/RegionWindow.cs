using CellDetect.Core.Imaging;

namespace CellDetect.Pipeline;

/// <summary>A rectangle of a region source seen as an image of its own (regions relative to its corner).</summary>
internal sealed class RegionWindow(IRegionSource source, PixelRegion window) : IRegionSource
{
    public int Width => window.Width;

    public int Height => window.Height;

    public int Channels => source.Channels;

    public SampleDescription Sample => source.Sample;

    public PixelSize? PixelSize => source.PixelSize;

    public PlanarImage ReadRegion(PixelRegion region) =>
        source.ReadRegion(region with { X = region.X + window.X, Y = region.Y + window.Y });
}
