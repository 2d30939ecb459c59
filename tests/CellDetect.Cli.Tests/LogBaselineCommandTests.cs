using System.Text.Json;
using CellDetect.Cli.Commands;
using CellDetect.Core.Evaluation;
using CellDetect.Imaging.Annotations;
using static CellDetect.Cli.Tests.CliHarness;

namespace CellDetect.Cli.Tests;

/// <summary><c>celldetect baseline-log</c> on real images: tune on annotated folders, detect in another, score the result.</summary>
public sealed class LogBaselineCommandTests : IDisposable
{
    private readonly string work = TemporaryDirectory("baseline-log");

    public void Dispose() => DeleteTemporaryDirectory(work);

    private string CopyCrchisto(string folder, params string[] names)
    {
        var directory = Path.Combine(work, folder);
        Directory.CreateDirectory(directory);
        foreach (var name in names)
        {
            File.Copy(SharedData($"crchisto/train/{name}.tif"), Path.Combine(directory, name + ".tif"));
            File.Copy(SharedData($"crchisto/train/{name}.csv"), Path.Combine(directory, name + ".csv"));
        }
        return directory;
    }

    [Fact]
    public void TunesOnTrainingImagesAndWritesScoredDetectionsAndAllPeaks()
    {
        var train = CopyCrchisto("train", "img1", "img13");
        var images = CopyCrchisto("val", "img14");
        var outDir = Path.Combine(work, "log");

        var (code, output, error) = Run("baseline-log", "--train", train, "--images", images, "--out", outDir);

        Assert.True(code == 0, error + output);
        Assert.Contains("tuned on 2 images", output);
        Assert.Matches(@"sigma \d", output);
        var cells = PointsCsv.Read(Path.Combine(outDir, "img14.csv"));
        var peaks = PointsCsv.Read(Path.Combine(outDir, "all-peaks", "img14.csv"));
        Assert.NotEmpty(cells);
        Assert.True(peaks.Count > cells.Count, $"{peaks.Count} peaks, {cells.Count} cells");
        Assert.StartsWith("x,y,score", File.ReadAllText(Path.Combine(outDir, "img14.csv")));
        Assert.All(cells, c => Assert.True(c.X is >= 0 and <= 499 && c.Y is >= 0 and <= 499));

        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, LogBaselineCommand.ParametersFile)));
        var root = json.RootElement;
        var threshold = root.GetProperty("threshold").GetDouble();
        Assert.Contains(root.GetProperty("sigma").GetDouble(), new[] { 2.0, 3.0, 4.0, 5.0, 6.0, 8.0 });
        Assert.Equal("dark", root.GetProperty("polarity").GetString() is "auto" ? "dark" : root.GetProperty("polarity").GetString());
        Assert.Equal(18, root.GetProperty("training").GetProperty("grid").GetArrayLength());
        Assert.True(root.GetProperty("training").GetProperty("f1").GetDouble() > 0.4);
        Assert.All(cells, c => Assert.True(c.Score >= threshold - 1e-4));
        Assert.Equal(peaks.Count(p => p.Score > threshold + 1e-4), cells.Count(c => c.Score > threshold + 1e-4));

        // The held-out image is scored like any detector's output.
        var truth = PointsCsv.Read(Path.Combine(images, "img14.csv"));
        var f1 = DetectionEvaluator.EvaluateImage("img14", truth, cells).F1;
        Assert.True(f1 > 0.4, $"held-out F1 {f1:0.000}");
    }

    [Fact]
    public void JsonReportAndAFixedGridThroughASplitOfPngImages()
    {
        var source = Path.Combine(work, "vgg");
        Directory.CreateDirectory(source);
        foreach (var name in new[] { "001cell", "002cell", "003cell", "004cell", "005cell" })
        {
            File.Copy(SharedData($"vgg_cells/train/{name}.png"), Path.Combine(source, name + ".png"));
            File.Copy(SharedData($"vgg_cells/train/{name}.csv"), Path.Combine(source, name + ".csv"));
        }
        var split = Path.Combine(work, "split");
        Assert.Equal(0, Run("split", "--images", source, "--out", split).Code);
        var outDir = Path.Combine(work, "log");

        var (code, output, error) = Run("baseline-log", "--train", Path.Combine(split, "train"), "--images", Path.Combine(split, "val"),
            "--out", outDir, "--sigmas", "2,3", "--polarity", "bright", "--json");

        Assert.True(code == 0, error + output);
        using var json = JsonDocument.Parse(output);
        var root = json.RootElement;
        Assert.Equal("bright", root.GetProperty("polarity").GetString());
        Assert.Equal(2, root.GetProperty("training").GetProperty("grid").GetArrayLength());
        Assert.Equal(4, root.GetProperty("training").GetProperty("images").GetInt32());
        Assert.Equal(1, root.GetProperty("images_detected").GetInt32());
        Assert.True(root.GetProperty("seconds_per_image").GetDouble() >= 0);
        var val = Directory.EnumerateFiles(Path.Combine(split, "val"), "*.png").Select(Path.GetFileNameWithoutExtension).Single();
        Assert.True(File.Exists(Path.Combine(outDir, val + ".csv")));

        (code, output, error) = Run("evaluate", "--truth", Path.Combine(split, "val"), "--detections", outDir, "--json");
        Assert.True(code == 0, error + output);
        using var scores = JsonDocument.Parse(output);
        Assert.True(scores.RootElement.GetProperty("f1").GetDouble() > 0.3, output);
    }

    [Theory]
    [InlineData("--sigmas", "0,2")]
    [InlineData("--polarity", "sideways")]
    [InlineData("--radius", "-1")]
    public void RejectsBadOptions(string option, string value)
    {
        var train = CopyCrchisto("train", "img1");
        var (code, _, error) = Run("baseline-log", "--train", train, "--images", train, "--out", Path.Combine(work, "log"), option, value);
        Assert.Equal(2, code);
        Assert.Contains("celldetect baseline-log:", error);
    }

    [Fact]
    public void NeedsATrainingFolder()
    {
        var images = CopyCrchisto("val", "img14");
        var (code, _, error) = Run("baseline-log", "--images", images, "--out", Path.Combine(work, "log"));
        Assert.Equal(2, code);
        Assert.Contains("--train", error);
    }
}
