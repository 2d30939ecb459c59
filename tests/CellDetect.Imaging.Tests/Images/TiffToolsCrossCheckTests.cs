using CellDetect.Core.Imaging;
using System.Diagnostics;
using BitMiracle.LibTiff.Classic;
using CellDetect.Imaging.Images;

namespace CellDetect.Imaging.Tests.Images;

/// <summary>
/// Files re-encoded by the reference libtiff (Debian's libtiff-tools: <c>tiffcp</c>) must read back the
/// same. CI installs libtiff-tools; without it these tests fail, on purpose.
/// </summary>
public sealed class TiffToolsCrossCheckTests : IDisposable
{
    private readonly TempDirectory temp = new();
    private readonly ImageFileReader reader = new();

    public void Dispose() => temp.Dispose();

    [Theory]
    [InlineData("lzw", true)]
    [InlineData("zip", true)]
    [InlineData("packbits", true)]
    [InlineData("none", true)]
    [InlineData("lzw", false)]
    [InlineData("zip:2", false)]
    [InlineData("lzw:2", true)]
    public void ReadsWhatTiffcpWrites(string compression, bool tiled)
    {
        var fixture = new TiffFixture { Width = 70, Height = 45, Samples = 3, Sample = FixtureSample.UInt16 };
        var source = fixture.Write(temp.File("source.tif"));
        var converted = temp.File("converted.tif");
        var arguments = new List<string> { "-c", compression };
        arguments.AddRange(tiled ? new[] { "-t", "-w", "32", "-l", "32" } : new[] { "-s", "-r", "7" });
        arguments.AddRange(new[] { source, converted });
        Tiffcp(arguments);

        var info = reader.Identify(converted);
        Assert.Equal(tiled, info.Tiled);
        FixtureAssert.Matches(fixture, reader.Read(converted), new PixelRegion(0, 0, 70, 45));
        var region = new PixelRegion(31, 30, 39, 15);
        FixtureAssert.Matches(fixture, reader.ReadRegion(converted, region), region);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void ReadsYCbCrJpegFromTiffcp(bool tiled)
    {
        var fixture = new TiffFixture { Width = 80, Height = 48, Samples = 3, Smooth = true };
        var source = fixture.Write(temp.File("rgb.tif"));
        var converted = temp.File("ycbcr.tif");
        var arguments = new List<string> { "-c", "jpeg:95" };
        arguments.AddRange(tiled ? new[] { "-t", "-w", "32", "-l", "32" } : new[] { "-r", "16" });
        arguments.AddRange(new[] { source, converted });
        Tiffcp(arguments);
        using (var tiff = Tiff.Open(converted, "r")!)
        {
            Assert.Equal(Photometric.YCBCR, (Photometric)tiff.GetField(TiffTag.PHOTOMETRIC)[0].ToInt());
        }

        var info = reader.Identify(converted);
        Assert.Equal((3, 8, "jpeg"), (info.Channels, info.BitsPerSample, info.Compression));
        FixtureAssert.Close(fixture, reader.Read(converted), tolerance: 12);
        var region = reader.ReadRegion(converted, new PixelRegion(40, 20, 30, 20));
        var full = reader.Read(converted);
        Assert.Equal(full[2, 25, 45], region[2, 5, 5]);
    }

    private static void Tiffcp(IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo(RepoPaths.RequireCommand("tiffcp", "libtiff-tools")) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEnd();
        process.StandardOutput.ReadToEnd();
        Assert.True(process.WaitForExit(30_000), "tiffcp hung");
        Assert.True(process.ExitCode == 0, $"tiffcp failed ({process.ExitCode}): {error}");
    }
}
