using System.Runtime.InteropServices;
using BitMiracle.LibTiff.Classic;

namespace CellDetect.Imaging.Tests.Images;

/// <summary>Sample type of a generated fixture.</summary>
public enum FixtureSample
{
    UInt8,
    UInt16,
    UInt32,
    Float32,
    Int16,
}

/// <summary>
/// Describes and writes a TIFF with LibTiff.NET whose sample at (x, y, c) on page p is <see cref="Value"/>,
/// so that readers can be checked exactly.
/// </summary>
public sealed record TiffFixture
{
    public int Width { get; init; } = 37;

    public int Height { get; init; } = 29;

    public int Samples { get; init; } = 1;

    public FixtureSample Sample { get; init; } = FixtureSample.UInt8;

    public bool Planar { get; init; }

    /// <summary>Tile edge (multiple of 16), or 0 for strips.</summary>
    public int Tile { get; init; }

    public int RowsPerStrip { get; init; } = 5;

    public Compression Compression { get; init; } = Compression.NONE;

    public Photometric? Photometric { get; init; }

    public int Pages { get; init; } = 1;

    public bool BigTiff { get; init; }

    public bool BigEndian { get; init; }

    public string? Description { get; init; }

    public (float X, float Y, ResUnit Unit)? Resolution { get; init; }

    public bool Predictor { get; init; }

    /// <summary>8-bit only: a gentle gradient (x + 2y + 40c) instead of a sawtooth, for lossy codecs.</summary>
    public bool Smooth { get; init; }

    public int BitsPerSample => Sample switch
    {
        FixtureSample.UInt8 => 8,
        FixtureSample.UInt16 or FixtureSample.Int16 => 16,
        _ => 32,
    };

    public int BytesPerSample => BitsPerSample / 8;

    /// <summary>The sample value at (x, y, c) of page p: distinct per position, channel and page, exact in float.</summary>
    public float Value(int x, int y, int c, int page = 0) => Sample switch
    {
        FixtureSample.UInt8 when Smooth => Math.Min(255, x + 2 * y + 40 * c + page),
        FixtureSample.UInt8 => (x * 7 + y * 13 + c * 50 + page * 31) % 256,
        FixtureSample.UInt16 => (x * 7 + y * 331 + c * 10007 + page * 17) % 65536,
        FixtureSample.UInt32 => 70000 + x * 3001 + y * 7 + c * 1000003 + page * 11,
        FixtureSample.Int16 => (x * 7 + y * 331 + c * 1001 + page * 17) % 60000 - 30000,
        _ => (x - y) * 0.5f + c * 0.25f - page * 1.125f,
    };

    public string Write(string path)
    {
        var mode = "w" + (BigTiff ? "8" : string.Empty) + (BigEndian ? "b" : "l");
        using var tiff = Tiff.Open(path, mode) ?? throw new IOException($"cannot create {path}");
        for (int page = 0; page < Pages; page++)
        {
            WritePage(tiff, page);
            tiff.WriteDirectory();
        }
        return path;
    }

    private void WritePage(Tiff tiff, int page)
    {
        tiff.SetField(TiffTag.IMAGEWIDTH, Width);
        tiff.SetField(TiffTag.IMAGELENGTH, Height);
        tiff.SetField(TiffTag.SAMPLESPERPIXEL, Samples);
        tiff.SetField(TiffTag.BITSPERSAMPLE, BitsPerSample);
        tiff.SetField(TiffTag.SAMPLEFORMAT, Sample switch
        {
            FixtureSample.Float32 => SampleFormat.IEEEFP,
            FixtureSample.Int16 => SampleFormat.INT,
            _ => SampleFormat.UINT,
        });
        tiff.SetField(TiffTag.PLANARCONFIG, Planar ? PlanarConfig.SEPARATE : PlanarConfig.CONTIG);
        tiff.SetField(TiffTag.PHOTOMETRIC, Photometric ?? (Samples >= 3 ? BitMiracle.LibTiff.Classic.Photometric.RGB : BitMiracle.LibTiff.Classic.Photometric.MINISBLACK));
        if (Samples == 4 || Samples == 2)
        {
            tiff.SetField(TiffTag.EXTRASAMPLES, 1, new short[] { (short)ExtraSample.UNASSALPHA });
        }
        tiff.SetField(TiffTag.COMPRESSION, Compression);
        if (Predictor)
        {
            tiff.SetField(TiffTag.PREDICTOR, BitMiracle.LibTiff.Classic.Predictor.HORIZONTAL);
        }
        if (Compression == Compression.JPEG)
        {
            tiff.SetField(TiffTag.JPEGQUALITY, 95);
        }
        if (Description is not null && page == 0)
        {
            tiff.SetField(TiffTag.IMAGEDESCRIPTION, Description);
        }
        if (Resolution is { } resolution)
        {
            tiff.SetField(TiffTag.XRESOLUTION, resolution.X);
            tiff.SetField(TiffTag.YRESOLUTION, resolution.Y);
            tiff.SetField(TiffTag.RESOLUTIONUNIT, resolution.Unit);
        }
        if (Pages > 1)
        {
            tiff.SetField(TiffTag.SUBFILETYPE, FileType.PAGE);
            tiff.SetField(TiffTag.PAGENUMBER, page, Pages);
        }
        var planes = Planar ? Samples : 1;
        var perPixel = Planar ? 1 : Samples;
        if (Tile > 0)
        {
            tiff.SetField(TiffTag.TILEWIDTH, Tile);
            tiff.SetField(TiffTag.TILELENGTH, Tile);
            var buffer = new byte[Tile * Tile * perPixel * BytesPerSample];
            for (short plane = 0; plane < planes; plane++)
            {
                for (int ty = 0; ty < Height; ty += Tile)
                {
                    for (int tx = 0; tx < Width; tx += Tile)
                    {
                        Fill(buffer, tx, ty, Tile, Tile, plane, perPixel, page);
                        tiff.WriteEncodedTile(tiff.ComputeTile(tx, ty, 0, plane), buffer, buffer.Length);
                    }
                }
            }
            return;
        }
        tiff.SetField(TiffTag.ROWSPERSTRIP, RowsPerStrip);
        for (short plane = 0; plane < planes; plane++)
        {
            for (int y = 0; y < Height; y += RowsPerStrip)
            {
                var rows = Math.Min(RowsPerStrip, Height - y);
                var buffer = new byte[rows * Width * perPixel * BytesPerSample];
                Fill(buffer, 0, y, Width, rows, plane, perPixel, page);
                tiff.WriteEncodedStrip(tiff.ComputeStrip(y, plane), buffer, buffer.Length);
            }
        }
    }

    private void Fill(byte[] buffer, int x0, int y0, int width, int height, int plane, int perPixel, int page)
    {
        Array.Clear(buffer);
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                for (int s = 0; s < perPixel; s++)
                {
                    var (ix, iy, c) = (x0 + x, y0 + y, perPixel == 1 ? plane : s);
                    if (ix >= Width || iy >= Height)
                    {
                        continue;
                    }
                    var value = Value(ix, iy, c, page);
                    var at = ((y * width + x) * perPixel + s) * BytesPerSample;
                    var target = buffer.AsSpan(at, BytesPerSample);
                    switch (Sample)
                    {
                        case FixtureSample.UInt8:
                            target[0] = (byte)value;
                            break;
                        case FixtureSample.UInt16:
                            MemoryMarshal.Write(target, (ushort)value);
                            break;
                        case FixtureSample.Int16:
                            MemoryMarshal.Write(target, (short)value);
                            break;
                        case FixtureSample.UInt32:
                            MemoryMarshal.Write(target, (uint)value);
                            break;
                        default:
                            MemoryMarshal.Write(target, value);
                            break;
                    }
                }
            }
        }
    }
}
