using System.Text.Json;
using CellDetect.Imaging.Annotations;
using static CellDetect.Cli.Tests.CliHarness;

namespace CellDetect.Cli.Tests;

/// <summary>crossval end to end on 4 real crchisto images: 2 folds of 1 short epoch each, the report, resuming, and refusing another run's folder.</summary>
public sealed class CrossvalCommandTests : IDisposable
{
    private readonly string work = TemporaryDirectory("crossval");

    public void Dispose() => DeleteTemporaryDirectory(work);

    [Fact]
    public void TwoFoldsTrainScoreReportAndResume()
    {
        var images = Path.Combine(work, "crchisto");
        Directory.CreateDirectory(images);
        foreach (var name in new[] { "img1", "img11", "img13", "img14" })
        {
            File.Copy(SharedData($"crchisto/train/{name}.tif"), Path.Combine(images, name + ".tif"));
            File.Copy(SharedData($"crchisto/train/{name}.csv"), Path.Combine(images, name + ".csv"));
        }
        var outDirectory = Path.Combine(work, "cv");
        // Fine-tuning the built-in model (which saw these images) for 2 steps: a realistic map in seconds, to exercise the scoring.
        string[] command = ["crossval", "--images", images, "--out", outDirectory, "--folds", "2", "--epochs", "1", "--steps-per-epoch", "2", "--crops-per-step", "2", "--init", "he-nuclei", "--peak-radii", "2,3", "--quiet"];
        var (code, output, error) = Run(command);
        Assert.True(code == 0, error + output);
        Assert.Contains("fold 1/2: 1 training, 1 validation, 2 held-out images", output);
        Assert.Matches(@"s4 crchisto: F1 0\.\d{3} ± 0\.\d{3}, precision .* over 2 folds", output);

        using var report = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDirectory, "report.json")));
        var plain = report.RootElement.GetProperty("variants")[0];
        var crchisto = plain.GetProperty("dataSets")[0];
        Assert.Equal("crchisto", crchisto.GetProperty("dataSet").GetString());
        Assert.Equal(2, crchisto.GetProperty("f1").GetProperty("count").GetInt32());
        Assert.InRange(crchisto.GetProperty("f1").GetProperty("mean").GetDouble(), 0.5, 1.0);
        Assert.Contains(plain.GetProperty("chosen").GetProperty("peakRadius").GetInt32(), new[] { 2, 3 });
        Assert.Contains("| crchisto | 4 |", File.ReadAllText(Path.Combine(outDirectory, "report.md")));
        // Every image is held out exactly once, and its detections are files evaluate reads.
        var heldOut = Enumerable.Range(1, 2).SelectMany(f => Directory.GetFiles(Path.Combine(outDirectory, $"fold-{f}", "detections", "s4", "r3", "crchisto"))).Select(Path.GetFileName);
        Assert.Equal(["img1.csv", "img11.csv", "img13.csv", "img14.csv"], heldOut.Order());
        Assert.All(Directory.GetFiles(Path.Combine(outDirectory, "fold-1", "detections", "s4", "r2", "crchisto")), f => Assert.All(PointsCsv.Read(f), c => Assert.True(c.Score >= 0.05)));
        var evaluated = Run("evaluate", "--truth", images, "--detections", Path.Combine(outDirectory, "fold-1", "detections", "s4", "r3", "crchisto"));
        Assert.Equal(0, evaluated.Code);

        var first = File.ReadAllText(Path.Combine(outDirectory, "report.json"));
        (code, output, error) = Run(command);
        Assert.True(code == 0, error + output);
        Assert.Contains("fold 1/2: done before, skipped", output);
        Assert.Contains("fold 2/2: done before, skipped", output);
        Assert.Equal(first, File.ReadAllText(Path.Combine(outDirectory, "report.json")));

        // Another way of detecting keeps the trained models; another way of training is refused.
        (code, output, error) = Run([.. command.Select(a => a == "2,3" ? "3" : a), "--strides", "8"]);
        Assert.True(code == 0, error + output);
        Assert.Contains("the evaluation settings changed: the trained fold models are kept", output);
        Assert.DoesNotContain("training fold-", output);
        Assert.Contains("s8 crchisto: F1", output);
        (code, _, error) = Run([.. command.Select(a => a == "1" ? "2" : a)]); // --epochs 2
        Assert.Equal(2, code);
        Assert.Contains("holds another cross-validation (it differs in training)", error);
    }

    [Fact]
    public void AFolderWithOneImageCannotBeCrossValidated()
    {
        var images = Path.Combine(work, "single");
        Directory.CreateDirectory(images);
        File.Copy(SharedData("crchisto/train/img1.tif"), Path.Combine(images, "img1.tif"));
        File.Copy(SharedData("crchisto/train/img1.csv"), Path.Combine(images, "img1.csv"));
        var (code, _, error) = Run("crossval", "--images", images, "--out", Path.Combine(work, "cv1"));
        Assert.Equal(2, code);
        Assert.Contains("at least 2 annotated images per folder", error);
    }
}
