using System.Buffers.Binary;
using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using CellDetect.Core.Detection;
using CellDetect.Imaging.Annotations;

namespace CellDetect.Imaging.Tests.Annotations;

public class ImageJRoiSetTests
{
    private const string ImageJJar = "/usr/share/java/ij.jar";

    private static readonly CellPoint[] Cells =
    {
        new(10.25, 20.5, 0.9, "epithelial"),
        new(0, 0, 0.8, "fibroblast"),
        new(499.75, 3.5, 0.7, "epithelial"),
        new(42, 17.125, 0.6, null),
    };

    [Fact]
    public void Writes_one_multipoint_roi_per_class_with_the_RoiEncoder_layout()
    {
        using var dir = new TempDirectory();
        var path = dir.File("RoiSet.zip");
        ImageJRoiSet.Write(path, Cells);
        using var zip = ZipFile.OpenRead(path);
        Assert.Equal(new[] { "epithelial.roi", "fibroblast.roi", "unclassified.roi" }, zip.Entries.Select(e => e.FullName));
        using var stream = zip.GetEntry("epithelial.roi")!.Open();
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        var bytes = buffer.ToArray().AsSpan();
        Assert.Equal("Iout"u8.ToArray(), bytes[..4].ToArray());
        Assert.Equal(228, BinaryPrimitives.ReadInt16BigEndian(bytes[4..]));
        Assert.Equal(10, bytes[6]);
        Assert.Equal(4, BinaryPrimitives.ReadInt16BigEndian(bytes[8..]));    // top = floor(min y + 0.5) = floor(4.0)
        Assert.Equal(10, BinaryPrimitives.ReadInt16BigEndian(bytes[10..]));  // left = floor(10.75)
        Assert.Equal(2, BinaryPrimitives.ReadUInt16BigEndian(bytes[16..]));  // two points
        Assert.Equal(128, BinaryPrimitives.ReadInt16BigEndian(bytes[50..])); // sub-pixel resolution
        Assert.Equal(10.75f, BinaryPrimitives.ReadSingleBigEndian(bytes[(64 + 8)..]));
        Assert.Equal(21f, BinaryPrimitives.ReadSingleBigEndian(bytes[(64 + 16)..]));
        var header2 = BinaryPrimitives.ReadInt32BigEndian(bytes[60..]);
        Assert.Equal(64 + 2 * 12, header2);
        Assert.Equal("epithelial".Length, BinaryPrimitives.ReadInt32BigEndian(bytes[(header2 + 20)..]));
    }

    [Fact]
    public void Round_trips_coordinates_and_classes()
    {
        using var dir = new TempDirectory();
        var path = dir.File("RoiSet.zip");
        ImageJRoiSet.Write(path, Cells);
        var back = ImageJRoiSet.Read(path);
        var expected = Cells.OrderBy(c => c.Class ?? "~").ThenBy(c => c.X).Select(c => c with { Score = 1.0 });
        Assert.Equal(expected, back.OrderBy(c => c.Class ?? "~").ThenBy(c => c.X));
    }

    [Fact]
    public void Rejects_files_that_are_not_point_rois()
    {
        var bytes = ImageJRoiSet.EncodePointRoi("x", new[] { new CellPoint(1, 1) });
        bytes[6] = 1; // rectangle
        Assert.Throws<InvalidDataException>(() => ImageJRoiSet.DecodePointRoi(bytes, "x", "x.roi"));
        Assert.Throws<InvalidDataException>(() => ImageJRoiSet.DecodePointRoi(new byte[80], "x", "x.roi"));
    }

    [Theory]
    [InlineData(32767, 32767, true)]
    [InlineData(1, 1, true)]
    [InlineData(32768, 100, false)]
    [InlineData(100, 40000, false)]
    [InlineData(0, 100, false)]
    public void CanHold_says_whether_an_image_fits_the_16_bit_format(int width, int height, bool expected)
    {
        Assert.Equal(32767, ImageJRoiSet.MaxCoordinate);
        Assert.Equal(expected, ImageJRoiSet.CanHold(width, height));
    }

    [Fact]
    public void Points_up_to_the_limit_round_trip()
    {
        using var dir = new TempDirectory();
        var path = dir.File("RoiSet.zip");
        // The last pixel centre of a 32767-pixel-wide image, refined almost to its right edge, and the first.
        var corners = new[] { new CellPoint(32766.25, 32766.0), new CellPoint(-0.5, 0) };
        ImageJRoiSet.Write(path, corners);
        Assert.Equal(corners.Select(c => c with { Score = 1.0 }), ImageJRoiSet.Read(path));
    }

    [Theory]
    [InlineData(32767.0, 5.0)]
    [InlineData(5.0, 40000.0)]
    [InlineData(-3.0, 5.0)]
    [InlineData(double.NaN, 5.0)]
    [InlineData(5.0, double.PositiveInfinity)]
    public void Points_beyond_the_limit_are_a_clear_error_not_an_overflow(double x, double y)
    {
        using var dir = new TempDirectory();
        var path = dir.File("RoiSet.zip");
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => ImageJRoiSet.Write(path, new[] { new CellPoint(1, 1), new CellPoint(x, y) }));
        Assert.StartsWith(path + ": ", error.Message);
        Assert.Contains("32767", error.Message);
        Assert.False(File.Exists(path));
        Assert.Throws<ArgumentOutOfRangeException>(() => ImageJRoiSet.EncodePointRoi("cells", new[] { new CellPoint(x, y) }));
    }

    /// <summary>ImageJ itself (Debian package imagej, which brings Java) decodes the file; fails when Java or ImageJ is absent.</summary>
    [Fact]
    public async Task ImageJ_reads_the_same_coordinates()
    {
        var jar = RepoPaths.RequireFile(ImageJJar, "imagej");
        var java = RepoPaths.RequireFile("/usr/bin/java", "imagej");
        using var dir = new TempDirectory();
        var path = dir.File("RoiSet.zip");
        ImageJRoiSet.Write(path, Cells);
        var source = Path.Combine(RepoPaths.Root, "tests", "CellDetect.Imaging.Tests", "Annotations", "ReadRoiSet.java");
        var start = new ProcessStartInfo(java)
        {
            ArgumentList = { "-Djava.awt.headless=true", "-cp", jar, source, path },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var stderrTask = process.StandardError.ReadToEndAsync();
        var output = await process.StandardOutput.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        var stderr = await stderrTask;
        Assert.True(process.ExitCode == 0 && output.TrimEnd().EndsWith("OK", StringComparison.Ordinal), $"exit {process.ExitCode}\n{output}\n{stderr}");

        var byRoi = new Dictionary<string, List<(double, double)>>();
        List<(double, double)>? current = null;
        foreach (var line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (line.StartsWith("ROI ", StringComparison.Ordinal))
            {
                Assert.Contains("type=10", line);
                Assert.Contains("point=true", line);
                Assert.Contains("subpixel=true", line);
                byRoi[line.Split(' ')[1]] = current = new();
            }
            else if (line != "OK")
            {
                var parts = line.Split(' ');
                current!.Add((double.Parse(parts[0], CultureInfo.InvariantCulture), double.Parse(parts[1], CultureInfo.InvariantCulture)));
            }
        }
        Assert.Equal(new[] { "epithelial", "fibroblast", "unclassified" }, byRoi.Keys.OrderBy(k => k, StringComparer.Ordinal));
        foreach (var group in Cells.GroupBy(c => c.Class ?? ImageJRoiSet.UnclassifiedName))
        {
            // ImageJ's coordinates: pixel corner at (0,0), so ours + 0.5.
            var expected = group.Select(c => (c.X + 0.5, c.Y + 0.5)).ToList();
            Assert.Equal(expected, byRoi[group.Key]);
        }
    }
}
