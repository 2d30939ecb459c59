using CellDetect.Core.Imaging;
using BitMiracle.LibTiff.Classic;
using CellDetect.Imaging.Images;

namespace CellDetect.Imaging.Tests.Images;

/// <summary>A 20,000 x 20,000 tiled TIFF (400 MB of pixels) read window by window in bounded memory.</summary>
public sealed class LargeTiledTiffTests : IDisposable
{
    private const int Size = 20_000;
    private const int Tile = 512;
    private readonly TempDirectory temp = new();

    public void Dispose() => temp.Dispose();

    /// <summary>Depends on the tile, so that a wrong tile index shows; compresses to almost nothing.</summary>
    private static byte Value(int x, int y) => (byte)((x / Tile * 3 + y / Tile * 5 + (x % Tile) / 64 + (y % Tile) / 32) & 0xFF);

    [Fact]
    public void ReadsWindowsWithoutDecodingTheWholeImage()
    {
        var path = temp.File("huge.tif");
        WriteTileByTile(path);
        Assert.True(new FileInfo(path).Length < 40L << 20, "fixture should compress well");

        var reader = new ImageFileReader();
        var info = reader.Identify(path);
        Assert.Equal((Size, Size, true, Tile, 1), (info.Width, info.Height, info.Tiled, info.TileWidth, info.Channels));

        var windows = new[]
        {
            new PixelRegion(0, 0, 600, 600),
            new PixelRegion(19_500, 19_400, 500, 600),
            new PixelRegion(9_990, 7_000, 1_000, 1_100),
            new PixelRegion(12_345, 15_432, 1, 1),
        };
        reader.ReadRegion(path, windows[3]);
        var before = GC.GetAllocatedBytesForCurrentThread();
        foreach (var window in windows)
        {
            var image = reader.ReadRegion(path, window);
            for (int y = 0; y < window.Height; y += 7)
            {
                for (int x = 0; x < window.Width; x += 5)
                {
                    if (image[0, y, x] != Value(window.X + x, window.Y + y))
                    {
                        Assert.Fail($"pixel ({window.X + x},{window.Y + y}): expected {Value(window.X + x, window.Y + y)}, got {image[0, y, x]}");
                    }
                }
            }
        }
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        // Output planes are ~11 MB of floats; decoding the whole image would be 400 MB of bytes alone.
        Assert.True(allocated < 64L << 20, $"allocated {allocated >> 20} MB while reading four windows");
    }

    private static void WriteTileByTile(string path)
    {
        using var tiff = Tiff.Open(path, "w")!;
        tiff.SetField(TiffTag.IMAGEWIDTH, Size);
        tiff.SetField(TiffTag.IMAGELENGTH, Size);
        tiff.SetField(TiffTag.SAMPLESPERPIXEL, 1);
        tiff.SetField(TiffTag.BITSPERSAMPLE, 8);
        tiff.SetField(TiffTag.PHOTOMETRIC, Photometric.MINISBLACK);
        tiff.SetField(TiffTag.COMPRESSION, Compression.ADOBE_DEFLATE);
        tiff.SetField(TiffTag.ZIPQUALITY, 1);
        tiff.SetField(TiffTag.TILEWIDTH, Tile);
        tiff.SetField(TiffTag.TILELENGTH, Tile);
        var buffer = new byte[Tile * Tile];
        for (int ty = 0; ty < Size; ty += Tile)
        {
            for (int tx = 0; tx < Size; tx += Tile)
            {
                for (int y = 0; y < Tile; y++)
                {
                    var row = buffer.AsSpan(y * Tile, Tile);
                    for (int x = 0; x < Tile; x += 64)
                    {
                        row.Slice(x, 64).Fill(Value(tx + x, ty + y));
                    }
                }
                tiff.WriteEncodedTile(tiff.ComputeTile(tx, ty, 0, 0), buffer, buffer.Length);
            }
        }
        tiff.WriteDirectory();
    }
}
