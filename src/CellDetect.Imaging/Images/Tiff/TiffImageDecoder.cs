using CellDetect.Core.Imaging;

namespace CellDetect.Imaging.Images.Tiff;

/// <summary>
/// TIFF and BigTIFF through LibTiff.NET: 8/16/32-bit integer and 32/64-bit float samples, any number of
/// samples per pixel, chunky or planar, strips or tiles, any codec LibTiff.NET decodes (none, LZW, Deflate,
/// PackBits, JPEG...), palette images expanded to 8-bit RGB, YCbCr converted to RGB.
/// </summary>
public sealed class TiffImageDecoder : IImageDecoder
{
    public bool CanDecode(ReadOnlySpan<byte> header) =>
        header.Length >= 4 &&
        ((header[0] == (byte)'I' && header[1] == (byte)'I' && header[3] == 0 && header[2] is 42 or 43) ||
         (header[0] == (byte)'M' && header[1] == (byte)'M' && header[2] == 0 && header[3] is 42 or 43));

    public ImageInfo Identify(string path)
    {
        using var file = TiffFile.Open(path);
        var first = TiffPage.Read(file, 0);
        var layout = TiffStackLayout.Build(file, first);
        return new ImageInfo
        {
            Width = first.Width,
            Height = first.Height,
            Channels = first.Channels * layout.ChannelGroups,
            BitsPerSample = first.OutputSample.BitsPerSample,
            SampleFormat = first.OutputSample.Format,
            Pages = layout.Pages,
            Tiled = first.Tiled,
            PixelSize = layout.PixelSize,
            Format = layout.Format,
            SizeC = layout.SizeC,
            SizeZ = layout.SizeZ,
            SizeT = layout.SizeT,
            ZSpacingMicrons = layout.ZSpacingMicrons,
            TileWidth = first.Tiled ? first.ChunkWidth : null,
            TileHeight = first.Tiled ? first.ChunkHeight : null,
            Compression = TiffPage.CompressionName(first.Compression),
        };
    }

    public PlanarImage Read(string path, int page) => ReadCore(path, null, page);

    public PlanarImage ReadRegion(string path, PixelRegion region, int page) => ReadCore(path, region, page);

    private static PlanarImage ReadCore(string path, PixelRegion? requested, int page)
    {
        using var file = TiffFile.Open(path);
        var first = TiffPage.Read(file, 0);
        var layout = TiffStackLayout.Build(file, first);
        if (page < 0 || page >= layout.Pages)
        {
            throw file.Fail($"page index {page} is out of range: the file has {layout.Pages} page(s).");
        }
        file.BeginPage(page, layout.Pages);

        // Check every directory of the page before allocating anything.
        var directories = Enumerable.Range(0, layout.ChannelGroups).Select(g => layout.Directory(page, g)).ToArray();
        var pages = new TiffPage[directories.Length];
        for (int g = 0; g < directories.Length; g++)
        {
            file.SelectDirectory(directories[g]);
            pages[g] = TiffPage.Read(file, directories[g]);
            if (g > 0 && (pages[g].Width != pages[0].Width || pages[g].Height != pages[0].Height || pages[g].OutputSample != pages[0].OutputSample))
            {
                throw file.Fail($"directories {directories[0]} and {directories[g]} hold channels of one page but differ in size or sample type.");
            }
        }
        var head = pages[0];
        var region = requested ?? PixelRegion.Full(head.Width, head.Height);
        if (!region.FitsIn(head.Width, head.Height))
        {
            throw new ArgumentOutOfRangeException(nameof(requested), $"{path}: region {region} is empty or outside the {head.Width}x{head.Height} image.");
        }
        var channels = pages.Sum(p => p.Channels);
        var samples = (long)region.Width * region.Height * channels;
        if (samples > Array.MaxLength)
        {
            throw file.Fail($"{region.Width}x{region.Height}x{channels} samples do not fit in one image; read it in regions with ReadRegion.");
        }

        var pixels = new float[samples];
        var channel = 0;
        for (int g = 0; g < directories.Length; g++)
        {
            file.SelectDirectory(directories[g]);
            var current = TiffPage.Read(file, directories[g]);
            TiffPixelReader.Read(file, current, region, pixels, channel);
            channel += current.Channels;
        }
        var pixelSize = page == 0 || layout.ChannelGroups > 1 || layout.Format is "ome-tiff" or "imagej-tiff"
            ? layout.PixelSize
            : TiffResolution.FromBaselineTags(file.Handle);
        return new PlanarImage(region.Width, region.Height, channels, pixels, head.OutputSample, pixelSize);
    }
}
