using CellDetect.Core.Imaging;

namespace CellDetect.Imaging.Images;

/// <summary>
/// What a file holds, read from its header without decoding pixels. For hyperstacks (ImageJ, OME-TIFF)
/// <see cref="Pages"/> counts Z x T positions and <see cref="Channels"/> the channels gathered from the
/// planes of one position; otherwise pages are TIFF directories and channels are samples per pixel.
/// Dimensions, sample type and tiling describe page 0.
/// </summary>
public sealed record ImageInfo
{
    public required int Width { get; init; }

    public required int Height { get; init; }

    public required int Channels { get; init; }

    public required int BitsPerSample { get; init; }

    public required SampleFormat SampleFormat { get; init; }

    public required int Pages { get; init; }

    public required bool Tiled { get; init; }

    public PixelSize? PixelSize { get; init; }

    /// <summary>"tiff", "bigtiff", "ome-tiff", "imagej-tiff", "png", "jpeg" or "bmp".</summary>
    public required string Format { get; init; }

    /// <summary>Hyperstack channels (ImageJ/OME), or null for a plain image.</summary>
    public int? SizeC { get; init; }

    /// <summary>Hyperstack slices (ImageJ/OME), or null for a plain image.</summary>
    public int? SizeZ { get; init; }

    /// <summary>Hyperstack time points (ImageJ/OME), or null for a plain image.</summary>
    public int? SizeT { get; init; }

    /// <summary>Distance between slices in micrometres, when the file says.</summary>
    public double? ZSpacingMicrons { get; init; }

    public int? TileWidth { get; init; }

    public int? TileHeight { get; init; }

    /// <summary>Compression scheme as the file names it (e.g. "lzw", "deflate", "jpeg", "none"); null for PNG/JPEG/BMP.</summary>
    public string? Compression { get; init; }

    public SampleDescription Sample => new(BitsPerSample, SampleFormat);
}
