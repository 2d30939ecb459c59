using CellDetect.Core.Imaging;

namespace CellDetect.Imaging.Images;

/// <summary>One family of file formats. Chosen by <see cref="ImageFileReader"/> from the file's first bytes.</summary>
public interface IImageDecoder
{
    /// <summary>True when <paramref name="header"/> (the first bytes of the file, up to 16) starts a file this decoder reads.</summary>
    bool CanDecode(ReadOnlySpan<byte> header);

    ImageInfo Identify(string path);

    PlanarImage Read(string path, int page);

    PlanarImage ReadRegion(string path, PixelRegion region, int page);
}
