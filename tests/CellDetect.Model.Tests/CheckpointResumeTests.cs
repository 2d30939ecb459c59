using CellDetect.Core.Augmentation;
using CellDetect.Model.Files;
using CellDetect.Model.Network;
using CellDetect.Model.Training;

namespace CellDetect.Model.Tests;

/// <summary>
/// Checkpoints record the run that made them: after a killed crchisto run, a bm_graz run to the same --out
/// used to continue silently from crchisto's weights.
/// </summary>
public sealed class CheckpointResumeTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("celldetect-checkpoint").FullName;
    private readonly TrainingSample[] training = { SyntheticCells.Make("a", 64, 6, 1) };
    private readonly TrainingSample[] validation = { SyntheticCells.Make("v", 64, 6, 2) };

    public void Dispose() => Directory.Delete(directory, true);

    private string Checkpoint => Path.Combine(directory, "model.cdmodel.checkpoint");

    private TrainingOptions Run => TrainerTests.TinyRun with { Epochs = 1, StepsPerEpoch = 2, CheckpointPath = Checkpoint };

    [Fact]
    public void CheckpointRecordsTheRunItWasTrainedOn()
    {
        new Trainer(Run).Train(training, validation).Network.Dispose();
        using var checkpoint = ModelFile.Load(Checkpoint);
        var run = checkpoint.Metadata.Training!.Run!;
        Assert.Equal(new[] { "synthetic/a" }, run.TrainingImages);
        Assert.Equal(new[] { "synthetic/v" }, run.ValidationImages);
        Assert.Equal((Run.Seed, Run.Optimizer, Run.LearningRate, Run.CropsPerStep, Run.StepsPerEpoch, Run.Channels), (run.Seed, run.Optimizer, run.LearningRate, run.CropsPerStep, run.StepsPerEpoch, run.Channels));
        Assert.Null(run.InitialWeightsSha256);
        Assert.True(checkpoint.Metadata.Training.TrainingSeconds > 0);
    }

    [Fact]
    public void CheckpointOfAnotherRunIsRefusedNamingWhatDiffersAndHowToProceed()
    {
        new Trainer(Run).Train(training, validation).Network.Dispose();
        var before = File.ReadAllBytes(Checkpoint);
        var otherImages = new[] { SyntheticCells.Make("b", 64, 6, 3) };
        var error = Assert.Throws<CheckpointMismatchException>(() => new Trainer(Run with { Epochs = 2, Seed = 9 }).Train(otherImages, validation));
        Assert.StartsWith($"Checkpoint '{Checkpoint}' belongs to another training run: training images differ (synthetic/b not in the checkpoint, synthetic/a missing here); seed 9 here, 5 in the checkpoint; ", error.Message);
        Assert.EndsWith("pass --no-resume to start over (the checkpoint is replaced), or write to another --out.", error.Message);
        Assert.DoesNotContain('\n', error.Message);
        Assert.Equal(before, File.ReadAllBytes(Checkpoint));
        Assert.False(File.Exists(Checkpoint + ".lock"));
    }

    [Theory]
    [InlineData("learning rate")]
    [InlineData("crops per step")]
    [InlineData("steps per epoch")]
    [InlineData("optimizer")]
    [InlineData("initial weights")]
    [InlineData("augmentations")]
    [InlineData("learning-rate schedule")]
    [InlineData("input scale")]
    [InlineData("sampling")]
    [InlineData("architecture")]
    public void EachRecordedSettingIsCompared(string setting)
    {
        new Trainer(Run).Train(training, validation).Network.Dispose();
        using var initial = TestNetworks.Random(1);
        var changed = setting switch
        {
            "learning rate" => Run with { LearningRate = 5e-4 },
            "crops per step" => Run with { CropsPerStep = 3 },
            "steps per epoch" => Run with { StepsPerEpoch = 3 },
            "optimizer" => Run with { Optimizer = "sgd" },
            "augmentations" => Run with { Augmentations = TrainingAugmentations.Dihedral | TrainingAugmentations.Noise },
            "learning-rate schedule" => Run with { Schedule = LearningRateSchedule.Cosine },
            "input scale" => Run with { InputScale = "cells 14 px across by each image's estimate" },
            "sampling" => Run with { Sampling = CropSampling.DataSetsEqually },
            "architecture" => Run with { Architecture = NetworkArchitecture.UNet },
            _ => Run with { InitialNetwork = initial },
        };
        var error = Assert.Throws<CheckpointMismatchException>(() => new Trainer(changed with { Epochs = 2 }).Train(training, validation));
        Assert.Contains($"; {setting} ", error.Message.Replace("run: ", "; ", StringComparison.Ordinal));
    }

    [Fact]
    public void NeverStartsOverReplacingTheCheckpoint()
    {
        new Trainer(Run).Train(training, validation).Network.Dispose();
        var otherImages = new[] { SyntheticCells.Make("b", 64, 6, 3) };
        var result = new Trainer(Run with { Resume = ResumePolicy.Never }).Train(otherImages, validation);
        using var network = result.Network;
        Assert.Equal(1, result.EpochsRun);
        Assert.Single(result.EpochLosses);
        using var checkpoint = ModelFile.Load(Checkpoint);
        Assert.Equal(new[] { "synthetic/b" }, checkpoint.Metadata.Training!.Run!.TrainingImages);
    }

    [Fact]
    public void RequireResumesTheSameRunAndFailsWithoutACheckpoint()
    {
        var error = Assert.Throws<CheckpointMismatchException>(() => new Trainer(Run with { Resume = ResumePolicy.Require }).Train(training, validation));
        Assert.Equal($"Cannot resume: there is no checkpoint at '{Checkpoint}' (with '{Checkpoint}.best'); run without --resume to start a new run.", error.Message);

        new Trainer(Run).Train(training, validation).Network.Dispose();
        var resumed = new Trainer(Run with { Epochs = 2, Resume = ResumePolicy.Require }).Train(training, validation);
        using var network = resumed.Network;
        Assert.Single(resumed.EpochLosses);
        Assert.Equal(2, resumed.EpochsRun);
    }

    [Fact]
    public void CheckpointThatRecordsNoRunIsNotResumed()
    {
        // What an earlier CellDetect left: a checkpoint pair without a fingerprint.
        using var network = TestNetworks.Random(1);
        var metadata = new ModelMetadata { Channels = Core.Imaging.ChannelMapping.Gray, Training = new TrainingSummary { Epochs = 3, BestEpoch = 2 } };
        ModelFile.Save(Checkpoint, network, metadata);
        ModelFile.Save(Checkpoint + ".best", network, metadata);
        var error = Assert.Throws<CheckpointMismatchException>(() => new Trainer(Run with { Epochs = 5 }).Train(training, validation));
        Assert.StartsWith($"Checkpoint '{Checkpoint}' does not record which run made it", error.Message);
    }
}
