using BitMiracle.LibTiff.Classic;
using CellDetect.Core.Imaging;

namespace CellDetect.Imaging.Images.Tiff;

/// <summary>
/// How TIFF directories map to pages and channels. Plain files: one page per directory. ImageJ and
/// OME hyperstacks whose channels are stored as separate directories: one page per Z/T position, its
/// channels gathered from <see cref="ChannelGroups"/> directories. Also the pixel size, best source first:
/// OME PhysicalSize, ImageJ unit + resolution, then baseline resolution tags.
/// </summary>
internal sealed record TiffStackLayout
{
    public required string Format { get; init; }

    public required int Pages { get; init; }

    /// <summary>Directories that together hold the channels of one page.</summary>
    public required int ChannelGroups { get; init; }

    public int? SizeC { get; init; }

    public int? SizeZ { get; init; }

    public int? SizeT { get; init; }

    public double? ZSpacingMicrons { get; init; }

    public PixelSize? PixelSize { get; init; }

    /// <summary>Strides of C group, Z and T in directory numbers.</summary>
    private (int C, int Z, int T) Strides { get; init; } = (0, 0, 1);

    private int SizeZForMapping { get; init; } = 1;

    /// <summary>The directory holding channel group <paramref name="group"/> of <paramref name="page"/>.</summary>
    public int Directory(int page, int group)
    {
        var z = page % SizeZForMapping;
        var t = page / SizeZForMapping;
        return group * Strides.C + z * Strides.Z + t * Strides.T;
    }

    /// <summary>Reads the layout while the file is on directory 0.</summary>
    public static TiffStackLayout Build(TiffFile file, TiffPage first)
    {
        var tiff = file.Handle;
        var description = TiffText.Read(tiff, TiffTag.IMAGEDESCRIPTION);
        var plain = new TiffStackLayout
        {
            Format = file.IsBigTiff ? "bigtiff" : "tiff",
            Pages = file.DirectoryCount,
            ChannelGroups = 1,
            PixelSize = TiffResolution.FromBaselineTags(tiff),
        };

        if (OmeXmlDescription.Parse(description) is { } ome)
        {
            var size = ome.PixelWidthMicrons is { } x ? new PixelSize(x, ome.PixelHeightMicrons ?? x) : plain.PixelSize;
            var order = ome.DimensionOrder[2..];
            return Hyperstack(file, first, plain with { Format = "ome-tiff", PixelSize = size, ZSpacingMicrons = ome.ZSpacingMicrons },
                ome.SizeC, ome.SizeZ, ome.SizeT, order);
        }
        if (ImageJDescription.Parse(description) is { } imageJ)
        {
            var size = plain.PixelSize;
            var scale = LengthUnits.MicronsPer(imageJ.Unit);
            if (scale is { } micronsPerUnit)
            {
                size = TiffResolution.FromPixelsPerUnit(tiff, micronsPerUnit) ?? size;
            }
            double? spacing = scale is { } s && imageJ.Spacing is { } z ? z * s : null;
            return Hyperstack(file, first, plain with { Format = "imagej-tiff", PixelSize = size, ZSpacingMicrons = spacing },
                imageJ.Channels, imageJ.Slices, imageJ.Frames, "CZT");
        }
        return plain;
    }

    private static TiffStackLayout Hyperstack(TiffFile file, TiffPage first, TiffStackLayout plain, int sizeC, int sizeZ, int sizeT, string order)
    {
        var spp = first.Mode == TiffDecodeMode.Samples ? first.SamplesPerPixel : 1;
        var groups = sizeC > 1 && sizeC % spp == 0 ? sizeC / spp : 1;
        var described = plain with { SizeC = sizeC, SizeZ = sizeZ, SizeT = sizeT };
        var positions = (long)sizeZ * sizeT;
        if (positions * groups > file.DirectoryCount || (groups == 1 && positions != file.DirectoryCount))
        {
            // The description does not match the directories (a >4 GB ImageJ file, a multi-file OME set,
            // extra thumbnails...): fall back to one page per directory rather than guess.
            return described;
        }
        var sizes = new Dictionary<char, int> { ['C'] = groups, ['Z'] = sizeZ, ['T'] = sizeT };
        var strides = new Dictionary<char, int>();
        var stride = 1;
        foreach (var dimension in order)
        {
            strides[dimension] = stride;
            stride *= sizes[dimension];
        }
        return described with
        {
            Pages = (int)positions,
            ChannelGroups = groups,
            Strides = (strides['C'], strides['Z'], strides['T']),
            SizeZForMapping = sizeZ,
        };
    }
}
