namespace CellDetect.Core.Imaging;

/// <summary>An image already in memory, served region by region (copies).</summary>
public sealed class InMemoryRegionSource(PlanarImage image) : IRegionSource
{
    public int Width => image.Width;

    public int Height => image.Height;

    public int Channels => image.Channels;

    public SampleDescription Sample => image.Sample;

    public PixelSize? PixelSize => image.PixelSize;

    public PlanarImage ReadRegion(PixelRegion region)
    {
        if (!region.FitsIn(image.Width, image.Height))
        {
            throw new ArgumentOutOfRangeException(nameof(region), $"Region {region} is outside the {image.Width}x{image.Height} image.");
        }
        var result = new PlanarImage(region.Width, region.Height, image.Channels, image.Sample, image.PixelSize);
        for (int c = 0; c < image.Channels; c++)
        {
            var source = image.Plane(c);
            var target = result.Plane(c);
            for (int y = 0; y < region.Height; y++)
            {
                source.Slice((region.Y + y) * image.Width + region.X, region.Width).CopyTo(target.Slice(y * region.Width, region.Width));
            }
        }
        return result;
    }
}
