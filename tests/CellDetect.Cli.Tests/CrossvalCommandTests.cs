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

        // A model trained on all images with the same recipe ships what the folds chose, and records the recipe's scores.
        var reportPath = Path.Combine(outDirectory, "report.json");
        using (var written = JsonDocument.Parse(File.ReadAllText(reportPath)))
        {
            var s8 = written.RootElement.GetProperty("variants").EnumerateArray().Single(v => v.GetProperty("variant").GetString() == "s8");
            var model = Path.Combine(work, "all.cdmodel");
            (code, output, error) = Run("train", "--images", images, "--out", model, "--init", "he-nuclei", "--epochs", "1", "--steps-per-epoch", "2", "--crops-per-step", "2", "--quiet");
            Assert.True(code == 0, error + output);
            (code, output, error) = Run("calibrate", "--model", model, "--from-crossval", reportPath, "--variant", "s8");
            Assert.True(code == 0, error + output);
            var chosen = s8.GetProperty("chosen");
            using var calibrated = CellDetect.Model.Files.ModelFile.Load(model);
            var metadata = calibrated.Metadata;
            Assert.Equal((8, chosen.GetProperty("peakRadius").GetInt32()), (metadata.Stride, metadata.PeakRadius));
            Assert.Equal(Math.Round(chosen.GetProperty("threshold").GetDouble(), 4), metadata.Threshold, 6);
            var recorded = metadata.Training!.CrossValidation!;
            Assert.Equal((2, 1, "s8"), (recorded.Folds, recorded.Seed, recorded.Variant));
            Assert.StartsWith("augmentation dihedral, cell diameter the images' own, 1 epochs x 2 steps x 2 crops, adam, learning rate constant, fine-tuned from he-nuclei", recorded.Recipe);
            var score = Assert.Single(recorded.DataSets);
            Assert.Equal(("crchisto", 4), (score.DataSet, score.Images));
            Assert.Equal(Math.Round(s8.GetProperty("dataSets")[0].GetProperty("f1").GetProperty("mean").GetDouble(), 4), score.F1Mean, 6);
            Assert.Contains($"cross-validated F1 crchisto {score.F1Mean:0.000} ± ", output);
        }

        // A model of another recipe is refused: the figures would describe a model it is not.
        var other = Path.Combine(work, "other.cdmodel");
        Assert.Equal(0, Run("train", "--images", images, "--out", other, "--init", "he-nuclei", "--epochs", "1", "--steps-per-epoch", "2", "--crops-per-step", "2", "--augment", "none", "--quiet").Code);
        var before = File.ReadAllBytes(other);
        (code, _, error) = Run("calibrate", "--model", other, "--from-crossval", reportPath);
        Assert.Equal(2, code);
        Assert.Contains("--from-crossval: the report's models were trained with augmentation '8 flips/90-degree rotations', this model with 'none", error);
        Assert.Equal(before, File.ReadAllBytes(other));
        var unet = Path.Combine(work, "unet.cdmodel");
        Assert.Equal(0, Run("train", "--images", images, "--out", unet, "--architecture", "unet", "--epochs", "1", "--steps-per-epoch", "2", "--crops-per-step", "2", "--quiet").Code);
        (code, _, error) = Run("calibrate", "--model", unet, "--from-crossval", reportPath);
        Assert.Equal(2, code);
        Assert.Contains("--from-crossval: the report's models are Paper networks, this model is a UNet network", error);
        (code, _, error) = Run("calibrate", "--model", other, "--from-crossval", reportPath, "--images", images);
        Assert.Equal(2, code);
        Assert.Contains("give either --images", error);
        (code, _, error) = Run("calibrate", "--model", other, "--from-crossval", Path.Combine(outDirectory, "plan.json"));
        Assert.Equal(1, code);
        Assert.Contains("is not a report.json written by celldetect crossval", error);
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
