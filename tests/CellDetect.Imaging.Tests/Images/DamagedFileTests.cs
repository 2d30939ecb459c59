using CellDetect.Core.Imaging;
using System.Buffers.Binary;
using BitMiracle.LibTiff.Classic;
using CellDetect.Imaging.Images;

namespace CellDetect.Imaging.Tests.Images;

/// <summary>Real damaged files: every one must give an InvalidDataException naming the file, never a crash or a hang.</summary>
public sealed class DamagedFileTests : IDisposable
{
    private readonly TempDirectory temp = new();
    private readonly ImageFileReader reader = new();

    public void Dispose() => temp.Dispose();

    [Theory]
    [InlineData(Compression.ADOBE_DEFLATE, 16)]
    [InlineData(Compression.LZW, 0)]
    [InlineData(Compression.NONE, 0)]
    [InlineData(Compression.PACKBITS, 16)]
    public void TruncatedPixelData(Compression compression, int tile)
    {
        var fixture = new TiffFixture { Width = 64, Height = 64, Sample = FixtureSample.UInt16, Compression = compression, Tile = tile, RowsPerStrip = 8 };
        var path = fixture.Write(temp.File("t.tif"));
        var bytes = File.ReadAllBytes(path);
        var ifd = (int)BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(4));
        // LibTiff.NET writes the pixel data first and the directory last: keep the header and the directory,
        // drop the second half of the data by moving the directory over it.
        var directory = bytes.AsSpan(ifd).ToArray();
        var cut = ifd / 2;
        var damaged = bytes.AsSpan(0, cut).ToArray().Concat(directory).ToArray();
        BinaryPrimitives.WriteUInt32LittleEndian(damaged.AsSpan(4), (uint)cut);
        File.WriteAllBytes(path, damaged);

        var error = Assert.Throws<InvalidDataException>(() => reader.Read(path));
        AssertNames(error, path);
    }

    [Fact]
    public void TruncatedHeaderAndDirectory()
    {
        var path = new TiffFixture().Write(temp.File("h.tif"));
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(bytes.Length - 20)]);
        AssertNames(Assert.Throws<InvalidDataException>(() => reader.Identify(path)), path);

        File.WriteAllBytes(path, bytes[..6]);
        AssertNames(Assert.Throws<InvalidDataException>(() => reader.Read(path)), path);
    }

    [Fact]
    public void CorruptCompressedData()
    {
        var fixture = new TiffFixture { Width = 64, Height = 64, Compression = Compression.ADOBE_DEFLATE, Tile = 16 };
        var path = fixture.Write(temp.File("c.tif"));
        var bytes = File.ReadAllBytes(path);
        var ifd = (int)BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(4));
        new Random(7).NextBytes(bytes.AsSpan(8, ifd - 8));
        File.WriteAllBytes(path, bytes);
        var error = Assert.Throws<InvalidDataException>(() => reader.Read(path));
        AssertNames(error, path);
        Assert.Contains("tile", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UnsupportedPhotometric()
    {
        var path = new TiffFixture().Write(temp.File("p.tif"));
        PatchTag(path, 262, 5); // separated (CMYK) with one sample
        var error = Assert.Throws<InvalidDataException>(() => reader.Identify(path));
        AssertNames(error, path);
        Assert.Contains("photometric", error.Message, StringComparison.Ordinal);

        PatchTag(path, 262, 32844); // LogL
        Assert.Contains("photometric", Assert.Throws<InvalidDataException>(() => reader.Read(path)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ZeroSize()
    {
        var path = new TiffFixture().Write(temp.File("z.tif"));
        PatchTag(path, 256, 0);
        var error = Assert.Throws<InvalidDataException>(() => reader.Identify(path));
        AssertNames(error, path);
    }

    [Fact]
    public void PageIndexOutOfRange()
    {
        var path = new TiffFixture { Pages = 2 }.Write(temp.File("pages.tif"));
        var error = Assert.Throws<InvalidDataException>(() => reader.Read(path, page: 2));
        AssertNames(error, path);
        Assert.Contains("page index 2 is out of range", error.Message, StringComparison.Ordinal);
        Assert.Throws<InvalidDataException>(() => reader.Read(path, page: -1));
    }

    [Fact]
    public void UnreadablePage()
    {
        var path = new TiffFixture { Pages = 2 }.Write(temp.File("bad-page.tif"));
        var bytes = File.ReadAllBytes(path);
        // Damage the second directory's entry count so it claims thousands of entries past the end.
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(ClassicTiffBytes.Directory(bytes, 1)), 60000);
        File.WriteAllBytes(path, bytes);
        var error = Assert.ThrowsAny<Exception>(() => reader.Read(path, page: 1));
        Assert.IsType<InvalidDataException>(error);
        AssertNames(error, path);
    }

    [Fact]
    public void UnknownEmptyAndMissingFiles()
    {
        var text = temp.File("notes.tif");
        File.WriteAllText(text, "just some text, not an image");
        var unknown = Assert.Throws<InvalidDataException>(() => reader.Identify(text));
        AssertNames(unknown, text);
        Assert.Contains("unknown image format", unknown.Message, StringComparison.Ordinal);

        var empty = temp.File("empty.png");
        File.WriteAllBytes(empty, Array.Empty<byte>());
        AssertNames(Assert.Throws<InvalidDataException>(() => reader.Read(empty)), empty);

        var missing = temp.File("missing.tif");
        Assert.Contains(missing, Assert.Throws<FileNotFoundException>(() => reader.Read(missing)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RegionOutsideTheImage()
    {
        var path = new TiffFixture().Write(temp.File("r.tif"));
        Assert.Throws<ArgumentOutOfRangeException>(() => reader.ReadRegion(path, new PixelRegion(30, 0, 10, 10)));
        Assert.Throws<ArgumentOutOfRangeException>(() => reader.ReadRegion(path, new PixelRegion(0, 0, 0, 10)));
    }

    [Fact]
    public void LibTiffPrintsNothing()
    {
        var path = new TiffFixture().Write(temp.File("quiet.tif"));
        PatchTag(path, 262, 5);
        var original = Console.Error;
        var captured = new StringWriter();
        Console.SetError(captured);
        try
        {
            var truncated = temp.File("cut.tif");
            File.WriteAllBytes(truncated, File.ReadAllBytes(path)[..10]);
            Assert.Throws<InvalidDataException>(() => reader.Read(truncated));
        }
        finally
        {
            Console.SetError(original);
        }
        Assert.Equal(string.Empty, captured.ToString());
    }

    private static void AssertNames(Exception error, string path) =>
        Assert.StartsWith(path + ": ", error.Message, StringComparison.Ordinal);

    /// <summary>Overwrites the SHORT/LONG value of <paramref name="tag"/> in the first directory.</summary>
    private static void PatchTag(string path, ushort tag, uint value)
    {
        var bytes = File.ReadAllBytes(path);
        ClassicTiffBytes.SetTag(bytes, ClassicTiffBytes.Directory(bytes, 0), tag, value);
        File.WriteAllBytes(path, bytes);
    }
}
