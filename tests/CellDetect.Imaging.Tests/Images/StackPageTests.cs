using System.Buffers.Binary;
using BitMiracle.LibTiff.Classic;
using CellDetect.Core.Imaging;
using CellDetect.Imaging.Images;

namespace CellDetect.Imaging.Tests.Images;

/// <summary>Damage deep inside a stack: the error names the file and the page, and the intact pages still read.</summary>
public sealed class StackPageTests : IDisposable
{
    private const ushort StripOffsets = 273, StripByteCounts = 279;

    private readonly TempDirectory temp = new();
    private readonly ImageFileReader reader = new();

    public void Dispose() => temp.Dispose();

    [Fact]
    public void TruncatedLastPageIsNamedAndTheOthersStillRead()
    {
        // One strip per page, so each directory holds its strip offset and byte count inline.
        var fixture = new TiffFixture { Width = 40, Height = 30, Pages = 3, RowsPerStrip = 30 };
        var path = fixture.Write(temp.File("stack.tif"));
        var bytes = File.ReadAllBytes(path);
        // LibTiff.NET writes each page's pixels, then its directory. Cut page 2's pixels in half and move its
        // directory over the rest, as a copy that stopped mid-file would leave a writer that puts directories first.
        var last = ClassicTiffBytes.Directory(bytes, 2);
        var cut = (int)(ClassicTiffBytes.Tag(bytes, last, StripOffsets) + ClassicTiffBytes.Tag(bytes, last, StripByteCounts) / 2) & ~1;
        var damaged = bytes[..cut].Concat(bytes.AsSpan(last, ClassicTiffBytes.DirectoryLength(bytes, last)).ToArray()).ToArray();
        BinaryPrimitives.WriteUInt32LittleEndian(damaged.AsSpan(ClassicTiffBytes.NextLink(damaged, ClassicTiffBytes.Directory(damaged, 1))), (uint)cut);
        File.WriteAllBytes(path, damaged);

        Assert.Equal(3, reader.Identify(path).Pages);
        FixtureAssert.Matches(fixture, reader.Read(path, page: 1), new PixelRegion(0, 0, 40, 30), page: 1);
        var error = Assert.Throws<InvalidDataException>(() => reader.Read(path, page: 2));
        Assert.StartsWith($"{path}: page index 2 of 3: the file is truncated", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
        var regionError = Assert.Throws<InvalidDataException>(() => reader.ReadRegion(path, new PixelRegion(0, 0, 8, 8), page: 2));
        Assert.StartsWith($"{path}: page index 2 of 3: ", regionError.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CorruptPixelsOfOnePageNameThatPage()
    {
        var fixture = new TiffFixture { Width = 64, Height = 32, Pages = 3, Compression = Compression.ADOBE_DEFLATE, RowsPerStrip = 32 };
        var path = fixture.Write(temp.File("corrupt.tif"));
        var bytes = File.ReadAllBytes(path);
        var middle = ClassicTiffBytes.Directory(bytes, 1);
        var strip = (int)ClassicTiffBytes.Tag(bytes, middle, StripOffsets);
        new Random(3).NextBytes(bytes.AsSpan(strip, (int)ClassicTiffBytes.Tag(bytes, middle, StripByteCounts)));
        File.WriteAllBytes(path, bytes);

        FixtureAssert.Matches(fixture, reader.Read(path, page: 2), new PixelRegion(0, 0, 64, 32), page: 2);
        var error = Assert.Throws<InvalidDataException>(() => reader.Read(path, page: 1));
        Assert.StartsWith($"{path}: page index 1 of 3: cannot decode strip", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TruncatedChannelOfAHyperstackNamesThePage()
    {
        // ImageJ hyperstack, 2 channels x 2 slices: page 1 is directories 2 and 3; directory 3's strip is moved past the end.
        var fixture = new TiffFixture
        {
            Pages = 4,
            RowsPerStrip = 29,
            Description = "ImageJ=1.53t\nimages=4\nchannels=2\nslices=2\nhyperstack=true\n",
        };
        var path = fixture.Write(temp.File("hyper.tif"));
        var bytes = File.ReadAllBytes(path);
        ClassicTiffBytes.SetTag(bytes, ClassicTiffBytes.Directory(bytes, 3), StripOffsets, (uint)bytes.Length);
        File.WriteAllBytes(path, bytes);

        Assert.Equal(fixture.Value(5, 6, 0, page: 1), reader.Read(path, page: 0)[1, 6, 5]);
        var error = Assert.Throws<InvalidDataException>(() => reader.Read(path, page: 1));
        Assert.StartsWith($"{path}: page index 1 of 2: the file is truncated: strip 0 of directory 3", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void PageIndexOutOfRangeGivesThePageCount()
    {
        var path = new TiffFixture { Pages = 3 }.Write(temp.File("three.tif"));
        var error = Assert.Throws<InvalidDataException>(() => reader.ReadRegion(path, new PixelRegion(0, 0, 4, 4), page: 3));
        Assert.Equal($"{path}: page index 3 is out of range: the file has 3 page(s).", error.Message);
    }

    [Theory]
    [InlineData(1, 0)] // the last directory links back to the first
    [InlineData(1, 1)] // a directory links to itself
    public void DirectoryLoopIsReportedWithTheFileName(int from, int to)
    {
        var path = new TiffFixture { Pages = 2 }.Write(temp.File("loop.tif"));
        var bytes = File.ReadAllBytes(path);
        var link = ClassicTiffBytes.NextLink(bytes, ClassicTiffBytes.Directory(bytes, from));
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(link), (uint)ClassicTiffBytes.Directory(bytes, to));
        File.WriteAllBytes(path, bytes);

        var error = Assert.Throws<InvalidDataException>(() => reader.Identify(path));
        Assert.StartsWith(path + ": ", error.Message, StringComparison.Ordinal);
        Assert.Contains("loop", error.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Throws<InvalidDataException>(() => reader.Read(path, page: 1));
    }
}
