using CellDetect.Core.Augmentation;
using CellDetect.Core.Evaluation;
using CellDetect.Core.Imaging;
using CellDetect.Model.Files;
using CellDetect.Model.Inference;
using CellDetect.Model.Network;
using CellDetect.Model.Training;

namespace CellDetect.Model.Tests;

public sealed class TrainerTests
{
    internal static readonly TrainingOptions TinyRun = new()
    {
        Name = "tiny",
        Channels = ChannelMapping.Gray,
        Epochs = 3,
        StepsPerEpoch = 25,
        CropsPerStep = 4,
        OutputsPerCropSide = 6,
        LearningRate = 1e-3,
        ValidationStride = 4,
        Seed = 5,
    };

    [Theory]
    [InlineData(NetworkArchitecture.Paper)]
    [InlineData(NetworkArchitecture.UNet)]
    public void LossFallsAndDetectionsLandOnTheCells(NetworkArchitecture architecture)
    {
        var training = Enumerable.Range(0, 3).Select(i => SyntheticCells.Make($"train{i}", 96, 14, i)).ToList();
        var validation = new[] { SyntheticCells.Make("val", 96, 14, 100) };
        var result = new Trainer(TinyRun with { Architecture = architecture }).Train(training, validation);
        Assert.Equal(architecture, result.Network.Architecture);
        Assert.True(result.EpochLosses[^1] < 0.8 * result.EpochLosses[0], $"epoch losses {string.Join(", ", result.EpochLosses)}");

        var model = new LoadedModel(new ModelMetadata { Channels = ChannelMapping.Gray, Threshold = result.Threshold, Stride = 4 }, result.Network);
        var unseen = SyntheticCells.Make("unseen", 96, 14, 200);
        var detections = new CellDetector(model).Detect(unseen.Image).Cells;
        var evaluation = DetectionEvaluator.EvaluateImage("unseen", unseen.Cells, detections);
        Assert.True(evaluation.Counts.F1 >= 0.8, $"F1 {evaluation.Counts.F1:0.000} ({evaluation.Counts})");
        Assert.True(DetectionEvaluator.Evaluate(new[] { new EvaluationImage("unseen", unseen.Cells, detections) }).Ed.Mean < 2.0);
    }

    [Fact]
    public void FineTuningStartsFromTheGivenWeightsAndNeverReturnsAWorseModel()
    {
        var training = Enumerable.Range(0, 2).Select(i => SyntheticCells.Make($"ft{i}", 80, 10, 10 + i)).ToList();
        var validation = new[] { SyntheticCells.Make("ftval", 80, 10, 110) };
        var start = new Trainer(TinyRun with { Epochs = 1, StepsPerEpoch = 20 }).Train(training, validation);
        // A learning rate this large wrecks the weights in a step; the run must then keep the starting point.
        var tuned = new Trainer(TinyRun with { Epochs = 1, StepsPerEpoch = 3, LearningRate = 0.5, InitialNetwork = start.Network }).Train(training, validation);
        Assert.True(tuned.ValidationF1 >= start.ValidationF1 - 1e-9, $"fine-tuned {tuned.ValidationF1} vs start {start.ValidationF1}");
        Assert.Equal(0, tuned.BestEpoch);
        var mismatch = TestNetworks.Random(3);
        Assert.Throws<ArgumentException>(() => new Trainer(TinyRun with { Epochs = 1, StepsPerEpoch = 1, InitialNetwork = mismatch }).Train(training, validation));
    }

    [Fact]
    public void SameSeedGivesTheSameWeights()
    {
        var training = new[] { SyntheticCells.Make("a", 80, 10, 1) };
        var options = TinyRun with { Epochs = 1, StepsPerEpoch = 3 };
        var first = new Trainer(options).Train(training, Array.Empty<TrainingSample>());
        var second = new Trainer(options).Train(training, Array.Empty<TrainingSample>());
        using var firstNetwork = first.Network;
        using var secondNetwork = second.Network;
        Assert.Equal(first.EpochLosses, second.EpochLosses);
    }

    [Theory]
    [InlineData(TrainingAugmentations.None)]
    [InlineData(TrainingAugmentations.Stain)]
    [InlineData(TrainingAugmentations.Intensity)]
    [InlineData(TrainingAugmentations.Scale)]
    [InlineData(TrainingAugmentations.Blur)]
    [InlineData(TrainingAugmentations.Noise)]
    [InlineData(TrainingAugmentations.Dihedral | TrainingAugmentations.Stain | TrainingAugmentations.Intensity | TrainingAugmentations.Scale | TrainingAugmentations.Blur | TrainingAugmentations.Noise)]
    public void EachAugmentationTrainsAndASeedReproducesIt(TrainingAugmentations augmentations)
    {
        // RGB, so that stain jitter applies; the default (flips/rotations alone) is the reference that must differ.
        var gray = SyntheticCells.Make("rgb", 80, 10, 1);
        var rgb = gray with { Image = new PlanarImage(80, 80, 3, [.. gray.Image.Pixels, .. gray.Image.Pixels, .. gray.Image.Pixels], gray.Image.Sample) };
        var options = TinyRun with { Channels = ChannelMapping.Rgb, Epochs = 1, StepsPerEpoch = 3 };
        var first = new Trainer(options with { Augmentations = augmentations }).Train([rgb], []);
        var second = new Trainer(options with { Augmentations = augmentations }).Train([rgb], []);
        var reference = new Trainer(options).Train([rgb], []);
        using var firstNetwork = first.Network;
        using var secondNetwork = second.Network;
        using var referenceNetwork = reference.Network;
        Assert.All(first.EpochLosses, loss => Assert.True(double.IsFinite(loss)));
        Assert.Equal(first.EpochLosses, second.EpochLosses);
        Assert.NotEqual(reference.EpochLosses, first.EpochLosses);
    }

    [Fact]
    public void InterruptedRunResumesFromItsCheckpoint()
    {
        var directory = Directory.CreateTempSubdirectory("celldetect-resume").FullName;
        var checkpoint = Path.Combine(directory, "model.cdmodel.checkpoint");
        var training = new[] { SyntheticCells.Make("a", 80, 10, 1) };
        var validation = new[] { SyntheticCells.Make("v", 80, 10, 2) };
        var options = TinyRun with { Epochs = 2, StepsPerEpoch = 3, CheckpointPath = checkpoint };
        new Trainer(options with { Epochs = 1 }).Train(training, validation).Network.Dispose();
        Assert.True(File.Exists(checkpoint));
        var resumed = new Trainer(options).Train(training, validation);
        Assert.Single(resumed.EpochLosses); // only epoch 2 ran
        Assert.Equal(2, resumed.EpochsRun);
        Directory.Delete(directory, true);
    }

    [Fact]
    public void WithoutValidationImagesTheLastEpochIsTheModel()
    {
        var training = new[] { SyntheticCells.Make("a", 64, 6, 1) };
        var result = new Trainer(TinyRun with { Epochs = 3, StepsPerEpoch = 2, Patience = 1 }).Train(training, Array.Empty<TrainingSample>());
        using var network = result.Network;
        Assert.Equal((3, 3), (result.BestEpoch, result.EpochsRun));
    }

    /// <summary>
    /// The schedule reaches the optimizer: epoch 1 runs at the full rate under both schedules (same weights after it),
    /// and in epoch 2 the step schedule's hundredth of the rate moves the weights about a hundredth as far as the constant one.
    /// </summary>
    [Fact]
    public void TheScheduleSetsEachEpochsLearningRate()
    {
        var training = new[] { SyntheticCells.Make("a", 64, 6, 1) };
        var none = Array.Empty<TrainingSample>();
        var run = TinyRun with { StepsPerEpoch = 5 };
        using var afterOne = new Trainer(run with { Epochs = 1 }).Train(training, none).Network;
        using var constant = new Trainer(run with { Epochs = 2 }).Train(training, none).Network;
        using var step = new Trainer(run with { Epochs = 2, Schedule = LearningRateSchedule.Step }).Train(training, none).Network;
        var constantMove = Distance(constant, afterOne);
        var stepMove = Distance(step, afterOne);
        Assert.True(constantMove > 0);
        Assert.InRange(stepMove / constantMove, 0.002, 0.05);
    }

    private static double Distance(TorchSharp.torch.nn.Module a, TorchSharp.torch.nn.Module b)
    {
        using var scope = TorchSharp.torch.NewDisposeScope();
        return Math.Sqrt(a.parameters().Zip(b.parameters()).Sum(pair => (pair.First - pair.Second).square().sum().item<float>()));
    }
}
