using CellDetect.Core.Imaging;

namespace CellDetect.Imaging.Images;

/// <summary>An image file read region by region (tiled TIFFs decode only the tiles a region touches).</summary>
public sealed class FileRegionSource : IRegionSource
{
    private readonly ImageFileReader reader;
    private readonly string path;
    private readonly int page;

    public FileRegionSource(ImageFileReader reader, string path, int page = 0)
    {
        this.reader = reader;
        this.path = path;
        this.page = page;
        Info = reader.Identify(path);
    }

    public ImageInfo Info { get; }

    public int Width => Info.Width;

    public int Height => Info.Height;

    public int Channels => Info.Channels;

    public SampleDescription Sample => Info.Sample;

    public PixelSize? PixelSize => Info.PixelSize;

    public PlanarImage ReadRegion(PixelRegion region) => reader.ReadRegion(path, region, page);
}
