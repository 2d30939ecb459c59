using System.Diagnostics;
using CellDetect.Imaging.Annotations;
using CellDetect.Imaging.Maps;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using static CellDetect.Cli.Tests.CliHarness;

namespace CellDetect.Cli.Tests;

/// <summary>
/// The hostile inputs a probe found, run as a user runs them: each gives the defined behaviour or a
/// one-line error, never a crash, an impossible result, or a run that fails after all the computing.
/// </summary>
public sealed class HostileInputTests : IDisposable
{
    private readonly string work = TemporaryDirectory("hostile");

    public void Dispose() => DeleteTemporaryDirectory(work);

    [Fact]
    public void ANaNImageHasNoCellsAndTheUserIsToldWhy()
    {
        var image = Path.Combine(work, "nan.tif");
        Float32Tiff.Write(image, Enumerable.Repeat(float.NaN, 512 * 512).ToArray(), 512, 512);
        var (code, output, error) = Run("detect", image, "--out", Path.Combine(work, "out"), "--model", "fluorescence-nuclei");
        Assert.True(code == 0, error);
        Assert.Contains("nan.tif: 0 cells", output);
        Assert.Contains("262144 pixel values are NaN or infinite; they were treated as background", error);
        Assert.Empty(PointsCsv.Read(Path.Combine(work, "out", "nan.csv")));
    }

    [Fact]
    public void EveryPageOfAStackIsDetectedAndNamedAndAMissingPageIsAnError()
    {
        var stack = Path.Combine(work, "stack.tif");
        WriteStackWithBlankFirstPage(Sample("fluo-hoechst-huh7-23.tif"), stack);
        var outDirectory = Path.Combine(work, "pages");
        var (code, output, error) = Run("detect", stack, "--out", outDirectory, "--model", "fluorescence-nuclei");
        Assert.True(code == 0, error);
        Assert.Contains("stack.tif page 0: 0 cells", output);
        var counts = Enumerable.Range(0, 3).Select(p => PointsCsv.Read(Path.Combine(outDirectory, $"stack.page{p}.csv")).Count).ToArray();
        Assert.Equal(0, counts[0]);
        Assert.True(counts[1] > 20, $"page 1 has {counts[1]} cells");
        Assert.Equal(counts[1], counts[2]);
        Assert.False(File.Exists(Path.Combine(outDirectory, "stack.csv")), "a stack's outputs name their page");

        var one = Run("detect", stack, "--out", Path.Combine(work, "one"), "--model", "fluorescence-nuclei", "--page", "2");
        Assert.True(one.Code == 0, one.Error);
        Assert.Equal(counts[2], PointsCsv.Read(Path.Combine(work, "one", "stack.page2.csv")).Count);

        var missing = Run("detect", stack, "--out", Path.Combine(work, "none"), "--page", "5");
        Assert.Equal(1, missing.Code);
        Assert.Contains("3 page(s)", missing.Error);
    }

    [Fact]
    public void AnImageTooWideForTheRoiSetFormatGetsEveryOtherOutputAndAWarningUpFront()
    {
        var strip = Path.Combine(work, "strip.png");
        using (var picture = new Image<L8>(ImageJRoiSet.MaxCoordinate + 40, 60, new L8(20)))
        {
            picture.SaveAsPng(strip);
        }
        var outDirectory = Path.Combine(work, "strip-out");
        Directory.CreateDirectory(outDirectory);
        File.WriteAllText(Path.Combine(outDirectory, "strip.roiset.zip"), "an earlier run's file");
        var (code, output, error) = Run("detect", strip, "--out", outDirectory, "--model", "fluorescence-nuclei", "--stride", "8");
        Assert.True(code == 0, error);
        Assert.Contains("no ImageJ RoiSet", error);
        Assert.True(File.Exists(Path.Combine(outDirectory, "strip.csv")));
        Assert.True(File.Exists(Path.Combine(outDirectory, "strip.geojson")));
        Assert.False(File.Exists(Path.Combine(outDirectory, "strip.roiset.zip")), "no stale RoiSet beside the new outputs");
    }

    [Fact]
    public void AFolderRunReportsAnUnwritableOutputAndGoesOn()
    {
        var images = Path.Combine(work, "images");
        Directory.CreateDirectory(images);
        File.Copy(Sample("fluo-hoechst-huh7-23.tif"), Path.Combine(images, "a.tif"));
        File.Copy(Sample("fluo-hoechst-huh7-23.tif"), Path.Combine(images, "b.tif"));
        var outDirectory = Path.Combine(work, "blocked");
        // A folder where a.csv should go: the write fails whoever runs the test (root included).
        Directory.CreateDirectory(Path.Combine(outDirectory, "a.csv"));
        var (code, output, error) = Run("detect", images, "--out", outDirectory, "--model", "fluorescence-nuclei", "--stride", "8");
        Assert.Equal(1, code);
        Assert.Contains("a.tif", error);
        Assert.Contains("1 of 2 images done", output);
        Assert.True(File.Exists(Path.Combine(outDirectory, "b.csv")));
    }

    [Fact]
    public void ContradictoryResumeOptionsAreAUsageError()
    {
        var (code, output, error) = Run("train", "--images", work, "--out", Path.Combine(work, "m.cdmodel"), "--resume", "--no-resume");
        Assert.Equal(2, code);
        Assert.Contains("--resume and --no-resume", error);
        Assert.Single(error.Trim().Split('\n'));
    }

    /// <summary>A 3-page 8-bit stack, written by Python's tifffile: a blank page, then the image twice.</summary>
    private static void WriteStackWithBlankFirstPage(string source, string target)
    {
        var python = RequireFile("/usr/bin/python3", "python3-tifffile python3-numpy");
        const string Script = "import sys, numpy as np, tifffile\nimage = tifffile.imread(sys.argv[1])\ntifffile.imwrite(sys.argv[2], np.stack([np.zeros_like(image), image, image]), photometric='minisblack')\n";
        using var process = Process.Start(new ProcessStartInfo(python) { ArgumentList = { "-c", Script, source, target }, RedirectStandardError = true })!;
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"tifffile could not write the stack (apt-get install -y python3-tifffile): {error}");
    }
}
