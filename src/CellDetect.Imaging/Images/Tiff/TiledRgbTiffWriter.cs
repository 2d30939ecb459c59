using BitMiracle.LibTiff.Classic;

namespace CellDetect.Imaging.Images.Tiff;

/// <summary>
/// Writes an 8-bit RGB tiled TIFF (Deflate, BigTIFF when large) tile by tile, so a whole-slide-sized
/// image is produced in bounded memory (benchmarks, tests). The caller fills each tile's chunky RGB bytes.
/// </summary>
public static class TiledRgbTiffWriter
{
    public delegate void TileFiller(int left, int top, Span<byte> rgb, int tileSize);

    public static void Write(string path, int width, int height, int tileSize, TileFiller fill)
    {
        var big = (long)width * height * 3 > 2_000_000_000L;
        using var tiff = BitMiracle.LibTiff.Classic.Tiff.Open(path, big ? "w8" : "w") ?? throw new IOException($"Cannot create TIFF '{path}'.");
        tiff.SetField(TiffTag.IMAGEWIDTH, width);
        tiff.SetField(TiffTag.IMAGELENGTH, height);
        tiff.SetField(TiffTag.SAMPLESPERPIXEL, 3);
        tiff.SetField(TiffTag.BITSPERSAMPLE, 8);
        tiff.SetField(TiffTag.PHOTOMETRIC, Photometric.RGB);
        tiff.SetField(TiffTag.PLANARCONFIG, PlanarConfig.CONTIG);
        tiff.SetField(TiffTag.COMPRESSION, Compression.DEFLATE);
        tiff.SetField(TiffTag.TILEWIDTH, tileSize);
        tiff.SetField(TiffTag.TILELENGTH, tileSize);
        var buffer = new byte[tileSize * tileSize * 3];
        for (int top = 0; top < height; top += tileSize)
        {
            for (int left = 0; left < width; left += tileSize)
            {
                Array.Clear(buffer);
                fill(left, top, buffer, tileSize);
                if (tiff.WriteTile(buffer, left, top, 0, 0) < 0)
                {
                    throw new IOException($"Writing the tile at ({left},{top}) of '{path}' failed.");
                }
            }
        }
        tiff.WriteDirectory();
    }
}
