namespace CellDetect.Core.Imaging;

/// <summary>
/// A source seen through a <see cref="DihedralTransform"/>: a region of the transformed image is read as the
/// matching region of the source and transformed, so a transformed view of a slide streams like the slide.
/// </summary>
public sealed class DihedralRegionSource(IRegionSource source, DihedralTransform transform) : IRegionSource
{
    private readonly DihedralTransform inverse = transform.Inverse;

    public int Width => transform.SizeOf(source.Width, source.Height).Width;

    public int Height => transform.SizeOf(source.Width, source.Height).Height;

    public int Channels => source.Channels;

    public SampleDescription Sample => source.Sample;

    public PixelSize? PixelSize => source.PixelSize is { } size && transform.Transposes ? new PixelSize(size.YMicrons, size.XMicrons) : source.PixelSize;

    public PlanarImage ReadRegion(PixelRegion region)
    {
        if (!region.FitsIn(Width, Height))
        {
            throw new ArgumentOutOfRangeException(nameof(region), $"Region {region} is outside the {Width}x{Height} image.");
        }
        return transform.Apply(source.ReadRegion(inverse.Map(region, Width, Height)));
    }
}
