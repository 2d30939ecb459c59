using BitMiracle.LibTiff.Classic;
using CellDetect.Core.Imaging;
using CoreSampleFormat = CellDetect.Core.Imaging.SampleFormat;
using TiffSampleFormat = BitMiracle.LibTiff.Classic.SampleFormat;

namespace CellDetect.Imaging.Images.Tiff;

/// <summary>How pixels are decoded for a page.</summary>
internal enum TiffDecodeMode
{
    /// <summary>Decoded tiles/strips hold the samples themselves (grey, RGB, multi-sample).</summary>
    Samples,

    /// <summary>One index sample per pixel, expanded through the colour map into RGB.</summary>
    Palette,

    /// <summary>YCbCr (subsampled, or JPEG-compressed): LibTiff converts each tile/strip to 8-bit RGBA.</summary>
    Rgba,
}

/// <summary>The layout of one TIFF directory, validated: everything the pixel reader needs, and nothing it cannot handle.</summary>
internal sealed record TiffPage
{
    /// <summary>Refuse tiles or strips that would need more than this to decode one (hostile headers).</summary>
    private const long MaxChunkBytes = 512L << 20;

    public required int Width { get; init; }

    public required int Height { get; init; }

    public required int SamplesPerPixel { get; init; }

    public required int BitsPerSample { get; init; }

    public required CoreSampleFormat SampleFormat { get; init; }

    public required bool Planar { get; init; }

    public required bool Tiled { get; init; }

    /// <summary>Tile width, or the image width for strips.</summary>
    public required int ChunkWidth { get; init; }

    /// <summary>Tile height, or rows per strip.</summary>
    public required int ChunkHeight { get; init; }

    public required Photometric Photometric { get; init; }

    public required Compression Compression { get; init; }

    public required TiffDecodeMode Mode { get; init; }

    /// <summary>Unsigned integer samples stored with 0 = white; inverted on read.</summary>
    public required bool MinIsWhite { get; init; }

    /// <summary>Channels of the decoded image.</summary>
    public required int Channels { get; init; }

    public required SampleDescription OutputSample { get; init; }

    public int BytesPerSample => BitsPerSample / 8;

    public static TiffPage Read(TiffFile file, int directory)
    {
        var tiff = file.Handle;
        var width = Int(file, TiffTag.IMAGEWIDTH, 0);
        var height = Int(file, TiffTag.IMAGELENGTH, 0);
        if (width <= 0 || height <= 0)
        {
            throw file.Fail($"directory {directory} has zero or negative size ({width}x{height}).");
        }
        var spp = Int(file, TiffTag.SAMPLESPERPIXEL, 1);
        var bits = Int(file, TiffTag.BITSPERSAMPLE, 1);
        var formatCode = (TiffSampleFormat)Int(file, TiffTag.SAMPLEFORMAT, (int)TiffSampleFormat.UINT);
        var planar = (PlanarConfig)Int(file, TiffTag.PLANARCONFIG, (int)PlanarConfig.CONTIG) == PlanarConfig.SEPARATE;
        var compression = (Compression)Int(file, TiffTag.COMPRESSION, (int)Compression.NONE);
        var photometricValue = tiff.GetField(TiffTag.PHOTOMETRIC);
        var photometric = photometricValue is null
            ? (spp >= 3 ? Photometric.RGB : Photometric.MINISBLACK)
            : (Photometric)photometricValue[0].ToInt();
        if (spp is < 1 or > 64)
        {
            throw file.Fail($"directory {directory} has an unsupported SamplesPerPixel of {spp}.");
        }
        var tiled = tiff.IsTiled();
        int chunkWidth, chunkHeight;
        if (tiled)
        {
            chunkWidth = Int(file, TiffTag.TILEWIDTH, 0);
            chunkHeight = Int(file, TiffTag.TILELENGTH, 0);
            if (chunkWidth <= 0 || chunkHeight <= 0)
            {
                throw file.Fail($"directory {directory} has an invalid tile size {chunkWidth}x{chunkHeight}.");
            }
        }
        else
        {
            chunkWidth = width;
            var rows = (long)(uint)Int(file, TiffTag.ROWSPERSTRIP, int.MaxValue);
            chunkHeight = (int)Math.Clamp(rows == 0 ? height : rows, 1, height);
        }

        var format = formatCode switch
        {
            TiffSampleFormat.UINT or TiffSampleFormat.VOID => CoreSampleFormat.UnsignedInteger,
            TiffSampleFormat.INT => CoreSampleFormat.SignedInteger,
            TiffSampleFormat.IEEEFP => CoreSampleFormat.Float,
            _ => throw file.Fail($"directory {directory} has an unsupported SampleFormat {(int)formatCode} (complex samples are not images this reader handles)."),
        };
        var mode = photometric switch
        {
            Photometric.MINISBLACK or Photometric.MINISWHITE or Photometric.RGB => TiffDecodeMode.Samples,
            Photometric.PALETTE => TiffDecodeMode.Palette,
            Photometric.YCBCR => TiffDecodeMode.Rgba,
            _ => throw file.Fail($"directory {directory} has an unsupported photometric interpretation {PhotometricName(photometric)}; supported: min-is-black, min-is-white, RGB, palette, YCbCr."),
        };
        if (mode == TiffDecodeMode.Rgba && compression == Compression.JPEG && bits == 8 && spp == 3)
        {
            // The JPEG codec converts YCbCr to RGB itself, tile by tile: no RGBA detour, no subsampling maths.
            tiff.SetField(TiffTag.JPEGCOLORMODE, JpegColorMode.RGB);
            mode = TiffDecodeMode.Samples;
            photometric = Photometric.RGB;
        }
        if (mode == TiffDecodeMode.Samples)
        {
            if (bits is not (8 or 16 or 32 or 64) || (bits == 64 && format != CoreSampleFormat.Float))
            {
                throw file.Fail($"directory {directory} has an unsupported BitsPerSample of {bits} for {FormatName(format)} samples; supported: 8, 16, 32-bit integers and 32, 64-bit floats.");
            }
            if (format == CoreSampleFormat.Float && bits is not (32 or 64))
            {
                throw file.Fail($"directory {directory} has {bits}-bit floating-point samples; only 32 and 64-bit floats are supported.");
            }
            if (photometric == Photometric.RGB && spp < 3)
            {
                throw file.Fail($"directory {directory} claims RGB with only {spp} sample(s) per pixel.");
            }
            if (photometric == Photometric.MINISWHITE && format != CoreSampleFormat.UnsignedInteger)
            {
                throw file.Fail($"directory {directory} is min-is-white with {FormatName(format)} samples; only unsigned integers can be inverted.");
            }
        }
        else if (mode == TiffDecodeMode.Palette)
        {
            if (spp != 1 || bits is not (8 or 16) || format != CoreSampleFormat.UnsignedInteger)
            {
                throw file.Fail($"directory {directory} is a palette image with {spp} sample(s) of {bits} bits; only one 8 or 16-bit index is supported.");
            }
            if (planar)
            {
                planar = false;
            }
        }
        else if (bits != 8)
        {
            throw file.Fail($"directory {directory} is YCbCr with {bits}-bit samples; only 8-bit YCbCr is supported.");
        }

        var bytesPerChunkSample = mode == TiffDecodeMode.Rgba ? 4 : bits / 8 * (planar ? 1 : spp);
        if ((long)chunkWidth * chunkHeight * bytesPerChunkSample > MaxChunkBytes)
        {
            throw file.Fail($"directory {directory} has {(tiled ? "tiles" : "strips")} of {chunkWidth}x{chunkHeight} pixels, too large to decode safely.");
        }

        var (channels, sample) = mode switch
        {
            TiffDecodeMode.Palette => (3, SampleDescription.UInt8),
            TiffDecodeMode.Rgba => (3, SampleDescription.UInt8),
            _ => (spp, new SampleDescription(bits, format)),
        };
        return new TiffPage
        {
            Width = width,
            Height = height,
            SamplesPerPixel = spp,
            BitsPerSample = bits,
            SampleFormat = format,
            Planar = planar && spp > 1,
            Tiled = tiled,
            ChunkWidth = chunkWidth,
            ChunkHeight = chunkHeight,
            Photometric = photometric,
            Compression = compression,
            Mode = mode,
            MinIsWhite = photometric == Photometric.MINISWHITE,
            Channels = channels,
            OutputSample = sample,
        };
    }

    public static string CompressionName(Compression compression) => compression switch
    {
        Compression.NONE => "none",
        Compression.LZW => "lzw",
        Compression.ADOBE_DEFLATE or Compression.DEFLATE => "deflate",
        Compression.PACKBITS => "packbits",
        Compression.JPEG => "jpeg",
        Compression.OJPEG => "old-jpeg",
        Compression.CCITTRLE or Compression.CCITTFAX3 or Compression.CCITTFAX4 => "ccitt",
        _ => ((int)compression).ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    private static string PhotometricName(Photometric photometric) => photometric switch
    {
        Photometric.SEPARATED => "5 (separated/CMYK)",
        Photometric.MASK => "4 (transparency mask)",
        Photometric.CIELAB => "8 (CIE L*a*b*)",
        Photometric.ICCLAB => "9 (ICC L*a*b*)",
        Photometric.ITULAB => "10 (ITU L*a*b*)",
        Photometric.LOGL => "32844 (LogL)",
        Photometric.LOGLUV => "32845 (LogLuv)",
        _ => ((int)photometric).ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    private static string FormatName(CoreSampleFormat format) => format switch
    {
        CoreSampleFormat.UnsignedInteger => "unsigned integer",
        CoreSampleFormat.SignedInteger => "signed integer",
        _ => "floating-point",
    };

    private static int Int(TiffFile file, TiffTag tag, int fallback)
    {
        var value = file.Guard(() => file.Handle.GetField(tag));
        return value is { Length: > 0 } ? value[0].ToInt() : fallback;
    }
}
