using CellDetect.Core.Datasets;
using CellDetect.Core.Imaging;
using CellDetect.Imaging.Annotations;
using CellDetect.Imaging.Images;
using CellDetect.Model.Files;
using static CellDetect.Cli.Tests.CliHarness;

namespace CellDetect.Cli.Tests;

/// <summary>The train and detect verbs end to end on real images: a tiny run, its model file, and every output a user gets.</summary>
public sealed class TrainAndDetectCommandTests : IDisposable
{
    private readonly string work = TemporaryDirectory("train-detect");

    public void Dispose() => Directory.Delete(work, true);

    /// <summary>Three real crchisto images with their annotations in a new folder of the work directory (2 train, 1 validation).</summary>
    private string CopyCrchistoImages(string folder)
    {
        var images = Path.Combine(work, folder);
        Directory.CreateDirectory(images);
        foreach (var name in new[] { "img1", "img13", "img14" })
        {
            File.Copy(SharedData($"crchisto/train/{name}.tif"), Path.Combine(images, name + ".tif"));
            File.Copy(SharedData($"crchisto/train/{name}.csv"), Path.Combine(images, name + ".csv"));
        }
        return images;
    }

    [Fact]
    public void TrainsAModelFileThatDetectWritesEveryOutputWith()
    {
        var images = CopyCrchistoImages("images");
        var model = Path.Combine(work, "tiny.cdmodel");
        var (code, output, error) = Run("train", "--images", images, "--out", model, "--epochs", "1", "--steps-per-epoch", "2", "--crops-per-step", "2", "--quiet");
        Assert.True(code == 0, error + output);
        Assert.Contains("2 training, 1 validation images", output);
        var metadata = ModelFile.Load(model).Metadata;
        Assert.Equal("tiny", metadata.Name);
        Assert.Equal(2, metadata.Training!.TrainingImages);
        Assert.False(File.Exists(model + ".checkpoint"), "checkpoints are removed once the model is saved");
        Assert.Equal("8 flips/90-degree rotations", metadata.Training.Augmentation);
        Assert.InRange(metadata.CellDiameterPixels!.Value, 6, 20);
        Assert.Contains("cell diameter estimated from the clicks: images ", output);

        var results = Path.Combine(work, "out");
        (code, output, error) = Run("detect", Path.Combine(images, "img1.tif"), "--model", model, "--out", results, "--threshold", "0.01", "--proximity-map");
        Assert.True(code == 0, error + output);
        var cells = PointsCsv.Read(Path.Combine(results, "img1.csv"));
        Assert.NotEmpty(cells);
        Assert.All(cells, c => Assert.InRange(c.X, 0, 499));
        Assert.Equal(cells.Count, QuPathGeoJson.Read(Path.Combine(results, "img1.geojson")).Count);
        Assert.Equal(cells.Count, ImageJRoiSet.Read(Path.Combine(results, "img1.roiset.zip")).Count);
        var reader = new ImageFileReader();
        Assert.Equal((500, 500, 3), Shape(reader.Identify(Path.Combine(results, "img1.overlay.png"))));
        var map = reader.Identify(Path.Combine(results, "img1.proximity.tif"));
        Assert.Equal((500, 500, 1), Shape(map));
        Assert.Equal(32, map.BitsPerSample);

        var diameter = (2 * metadata.CellDiameterPixels!.Value).ToString(System.Globalization.CultureInfo.InvariantCulture);
        (code, output, error) = Run("detect", Path.Combine(images, "img1.tif"), "--model", model, "--out", results, "--cell-diameter", diameter, "--tta", "--stride", "8");
        Assert.True(code == 0, error + output);
        Assert.Contains("rescaled x0.5 to the model's scale, maps of 8 flips/rotations averaged", output);
    }

    /// <summary>
    /// Trained with each image measured by its own estimate, a colour model is rescaled by that estimate at detection too
    /// (the rule colour models measured by their clicks are not given), and the model says how it was measured.
    /// </summary>
    [Fact]
    public void AModelTrainedByEachImagesEstimatedCellSizeIsDetectedByIt()
    {
        var images = CopyCrchistoImages("by-image");
        var model = Path.Combine(work, "by-image.cdmodel");
        var (code, output, error) = Run("train", "--images", images, "--out", model, "--epochs", "1", "--steps-per-epoch", "2", "--crops-per-step", "2", "--quiet",
            "--cell-diameter", "14", "--cell-diameter-from", "image");
        Assert.True(code == 0, error + output);
        // The training images (img13, img14) estimate about 6.8 and 6.4 px: a factor each, not the folder's one.
        Assert.Matches(@"rescaled: by-image x2\.\d+ to x2\.\d+", output);
        var metadata = ModelFile.Load(model).Metadata;
        Assert.Equal((14.0, CellDiameterSource.Image), (metadata.CellDiameterPixels!.Value, metadata.CellDiameterSource!.Value));
        (code, output, error) = Run("detect", Path.Combine(images, "img14.tif"), "--model", model, "--out", Path.Combine(work, "by-image-out"), "--threshold", "0.01", "--stride", "8");
        Assert.True(code == 0, error + output);
        Assert.Matches(@"cells about [5-8](\.\d)? px across by the image", output);
    }

    /// <summary>The U-Net option, end to end: trained on real images with larger crops, saved as what it is, detected with.</summary>
    [Fact]
    public void TheUNetOptionTrainsAModelThatDetectRuns()
    {
        var images = CopyCrchistoImages("unet");
        var model = Path.Combine(work, "unet.cdmodel");
        var (code, output, error) = Run("train", "--images", images, "--out", model, "--architecture", "unet", "--crop-patches", "12",
            "--epochs", "1", "--steps-per-epoch", "3", "--crops-per-step", "2", "--lr", "1e-3", "--quiet");
        Assert.True(code == 0, error + output);
        Assert.Contains("UNet network", output);
        var metadata = ModelFile.Load(model).Metadata;
        Assert.Equal("proximity-unet", metadata.Architecture);
        Assert.Contains("blocks of 12x12 patches", metadata.Training!.Sampling);
        Assert.StartsWith($"celldetect train --images {images} --out {model} --architecture unet", metadata.Training.Command);
        var results = Path.Combine(work, "unet-out");
        (code, output, error) = Run("detect", Path.Combine(images, "img1.tif"), "--model", model, "--out", results, "--threshold", "0.01");
        Assert.True(code == 0, error + output);
        Assert.All(PointsCsv.Read(Path.Combine(results, "img1.csv")), c => Assert.InRange(c.X, 0, 499));

        (code, _, error) = Run("train", "--images", images, "--out", Path.Combine(work, "pwr.cdmodel"), "--architecture", "unet", "--head", "pwr");
        Assert.Equal(2, code);
        Assert.Contains("--architecture UNet regresses the whole proximity map: it takes --head sr only", error);
        (code, _, error) = Run("train", "--images", images, "--out", Path.Combine(work, "mixed.cdmodel"), "--architecture", "unet", "--init", "he-nuclei");
        Assert.Equal(2, code);
        Assert.Contains("--init he-nuclei is a Paper network, not --architecture UNet", error);
    }

    [Fact]
    public void ScaleAndAugmentationOptionsThatCannotWorkAreUsageErrors()
    {
        var (code, _, error) = Run("detect", Sample("he-colon-crchisto-img14.tif"), "--model", "he-nuclei", "--cell-diameter", "20", "--out", Path.Combine(work, "none"));
        Assert.Equal(2, code);
        Assert.Contains("--cell-diameter: model he-nuclei does not record the cell diameter it was trained at; give --scale instead.", error);
        (code, _, error) = Run("train", "--images", work, "--out", Path.Combine(work, "m.cdmodel"), "--augment", "flips");
        Assert.Equal(2, code);
        Assert.Contains("--augment: expected none or dihedral, stain, intensity, scale, blur or noise separated by commas, got 'flips'", error);
        (code, _, error) = Run("train", "--images", work, "--out", Path.Combine(work, "m.cdmodel"), "--cell-diameter-from", "image");
        Assert.Equal(2, code);
        Assert.Contains("--cell-diameter-from image: give --cell-diameter too", error);
        var gray = Path.Combine(work, "gray-two");
        Directory.CreateDirectory(gray);
        foreach (var name in new[] { "001cell", "002cell" })
        {
            File.Copy(SharedData($"vgg_cells/train/{name}.png"), Path.Combine(gray, name + ".png"));
            File.Copy(SharedData($"vgg_cells/train/{name}.csv"), Path.Combine(gray, name + ".csv"));
        }
        (code, _, error) = Run("train", "--images", gray, "--out", Path.Combine(work, "g.cdmodel"), "--channels", "gray", "--augment", "dihedral,stain");
        Assert.Equal(2, code);
        Assert.Contains("stain jitter, which needs rgb input", error);
    }

    [Fact]
    public void AFolderWithADamagedImageStillProcessesTheOthers()
    {
        var images = Path.Combine(work, "mixed");
        Directory.CreateDirectory(images);
        File.Copy(Sample("fluo-synthetic-vgg-001cell.png"), Path.Combine(images, "good.png"));
        var damaged = File.ReadAllBytes(SharedData("crchisto/train/img1.tif"));
        File.WriteAllBytes(Path.Combine(images, "damaged.tif"), damaged[..(damaged.Length / 3)]);
        var model = TinyGrayModel();
        var results = Path.Combine(work, "mixed-out");
        var (code, output, error) = Run("detect", images, "--model", model, "--out", results, "--threshold", "0.01");
        Assert.Equal(1, code);
        Assert.True(File.Exists(Path.Combine(results, "good.csv")), output + error);
        Assert.False(File.Exists(Path.Combine(results, "damaged.csv")));
        Assert.Contains("1 of 2 images done", output);
    }

    [Fact]
    public void FineTuningABuiltInModelRecordsWhereItStartedAndRejectsAnotherHeadOrChannels()
    {
        var images = CopyCrchistoImages("finetune");
        var model = Path.Combine(work, "tuned.cdmodel");
        var (code, output, error) = Run("train", "--images", images, "--out", model, "--init", "he-nuclei", "--epochs", "1", "--steps-per-epoch", "2", "--crops-per-step", "2", "--quiet");
        Assert.True(code == 0, error + output);
        var metadata = ModelFile.Load(model).Metadata;
        Assert.Equal(ChannelMapping.Rgb, metadata.Channels);
        Assert.StartsWith("he-nuclei", metadata.Training!.InitialModel);

        (code, _, error) = Run("train", "--images", images, "--out", model + "2", "--init", "he-nuclei", "--head", "pwc");
        Assert.Equal(2, code);
        Assert.Contains("has head", error);
        (code, _, error) = Run("train", "--images", images, "--out", model + "3", "--init", "he-nuclei", "--channels", "gray");
        Assert.Equal(2, code);
        Assert.Contains("--channels", error);
        (code, _, error) = Run("train", "--images", images, "--out", model + "4", "--init", "no-such-model");
        Assert.Equal(1, code);
        Assert.Contains("no-such-model", error);
    }

    [Fact]
    public void MissingModelAndBadOptionsAreClearErrors()
    {
        var (code, _, error) = Run("detect", Sample("fluo-synthetic-vgg-001cell.png"), "--model", Path.Combine(work, "absent.cdmodel"), "--out", work);
        Assert.Equal(1, code);
        Assert.Contains("absent.cdmodel", error);
        (code, _, error) = Run("detect", Sample("fluo-synthetic-vgg-001cell.png"), "--strid", "4");
        Assert.Equal(2, code);
        Assert.Contains("--strid", error);
        (code, _, error) = Run("detect", Sample("fluo-synthetic-vgg-001cell.png"), "--stride", "0");
        Assert.Equal(2, code);
        (code, _, error) = Run("train", "--images", work, "--out", Path.Combine(work, "x.cdmodel"));
        Assert.Equal(2, code);
        Assert.Contains("No images with NAME.csv", error);
    }

    [Fact]
    public void CheckpointOfAnotherRunUnderTheSameOutIsRefusedUntilNoResume()
    {
        // A run on two vgg images was killed after its first epoch, leaving its checkpoint beside --out.
        var model = Path.Combine(work, "shared-out.cdmodel");
        var earlier = Path.Combine(work, "earlier");
        Directory.CreateDirectory(earlier);
        var folder = new Data.AnnotatedImageFolder(new ImageFileReader());
        var samples = new List<Model.Training.TrainingSample>();
        foreach (var name in new[] { "001cell", "002cell" })
        {
            File.Copy(SharedData($"vgg_cells/train/{name}.png"), Path.Combine(earlier, name + ".png"));
            var (image, cells) = folder.Load(SharedData($"vgg_cells/train/{name}.png"));
            samples.Add(new Model.Training.TrainingSample(name, "vgg_cells", image, cells));
        }
        new Model.Training.Trainer(new Model.Training.TrainingOptions { Channels = ChannelMapping.Gray, Epochs = 1, StepsPerEpoch = 1, CropsPerStep = 1, CheckpointPath = model + ".checkpoint" })
            .Train(samples, Array.Empty<Model.Training.TrainingSample>());

        var images = CopyCrchistoImages("other-run");
        var (code, output, error) = Run("train", "--images", images, "--out", model, "--channels", "gray", "--epochs", "2", "--steps-per-epoch", "1", "--crops-per-step", "1", "--quiet");
        Assert.True(code == 1, error + output);
        Assert.StartsWith($"celldetect train: Checkpoint '{model}.checkpoint' belongs to another training run: training images differ (other-run/img13 other-run/img14 not in the checkpoint, vgg_cells/001cell vgg_cells/002cell missing here); ", error);
        Assert.Contains("pass --no-resume to start over", error);
        Assert.Single(error.TrimEnd('\n').Split('\n'));

        (code, output, error) = Run("train", "--images", images, "--out", model, "--channels", "gray", "--epochs", "1", "--steps-per-epoch", "1", "--crops-per-step", "1", "--quiet", "--no-resume");
        Assert.True(code == 0, error + output);
        Assert.False(File.Exists(model + ".checkpoint"));
        Assert.False(File.Exists(model + ".checkpoint.lock"));
    }

    [Fact]
    public async Task SecondTrainToTheSameOutInAnotherProcessStopsNamingTheHolder()
    {
        var model = Path.Combine(work, "busy.cdmodel");
        using var firstRun = ModelWriteLock.Acquire(model);
        var start = new System.Diagnostics.ProcessStartInfo("dotnet")
        {
            ArgumentList = { typeof(CommandLineApp).Assembly.Location, "train", "--images", work, "--out", model, "--quiet" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var second = System.Diagnostics.Process.Start(start)!;
        var error = await second.StandardError.ReadToEndAsync();
        await second.WaitForExitAsync();
        Assert.Equal(1, second.ExitCode);
        Assert.Equal($"celldetect train: Another training run is writing '{model}' (lock file '{model}.lock' held by PID {Environment.ProcessId}); wait for it to finish, or write to another --out.", error.TrimEnd('\n'));
    }

    [Theory]
    [InlineData("he-colon-crchisto-img14.tif", "he-nuclei", 0.7)]
    [InlineData("fluo-hoechst-huh7-23.tif", "fluorescence-nuclei", 0.7)]
    [InlineData("fluo-synthetic-vgg-001cell.png", "fluorescence-nuclei", 0.85)]
    public void BuiltInModelIsChosenFromTheImageAndFindsTheSampleNuclei(string sample, string expectedModel, double minimumF1)
    {
        var results = Path.Combine(work, "builtin");
        var (code, output, error) = Run("detect", Sample(sample), "--out", results);
        Assert.True(code == 0, error + output);
        Assert.Contains($"using built-in model {expectedModel}", output);
        var name = Path.GetFileNameWithoutExtension(sample);
        var evaluation = Core.Evaluation.DetectionEvaluator.EvaluateImage(name, PointsCsv.Read(Sample(name + ".csv")), PointsCsv.Read(Path.Combine(results, name + ".csv")));
        Assert.True(evaluation.Counts.F1 >= minimumF1, $"{sample}: {evaluation.Counts} F1 {evaluation.Counts.F1:0.000}");
    }

    [Fact]
    public void CalibrateSetsTheStrideAndRechoosesTheThresholdOnTheValidationImages()
    {
        var model = TinyGrayModel();
        var (code, output, error) = Run("calibrate", "--model", model, "--images", Path.Combine(work, "gray"), "--stride", "8");
        Assert.True(code == 0, error + output);
        Assert.Contains("stride 8", output);
        Assert.Contains("on 1 images", output);
        var metadata = ModelFile.Load(model).Metadata;
        Assert.Equal(8, metadata.Stride);
        Assert.InRange(metadata.Threshold, 0.05, 1.0);
    }

    private string TinyGrayModel()
    {
        var images = Path.Combine(work, "gray");
        Directory.CreateDirectory(images);
        foreach (var name in new[] { "001cell", "002cell" })
        {
            File.Copy(SharedData($"vgg_cells/train/{name}.png"), Path.Combine(images, name + ".png"));
            File.Copy(SharedData($"vgg_cells/train/{name}.csv"), Path.Combine(images, name + ".csv"));
        }
        var model = Path.Combine(work, "gray.cdmodel");
        var (code, output, error) = Run("train", "--images", images, "--out", model, "--channels", "gray", "--epochs", "1", "--steps-per-epoch", "1", "--crops-per-step", "1", "--quiet", "--no-resume");
        Assert.True(code == 0, error + output);
        return model;
    }

    private static (int, int, int) Shape(ImageInfo info) => (info.Width, info.Height, info.Channels);
}
