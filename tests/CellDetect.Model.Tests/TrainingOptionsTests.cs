using CellDetect.Core.Augmentation;
using CellDetect.Core.Imaging;
using CellDetect.Model.Network;
using CellDetect.Model.Training;

namespace CellDetect.Model.Tests;

/// <summary>Options no run can work with are refused before any work, with one line naming the option.</summary>
public sealed class TrainingOptionsTests
{
    public static TheoryData<string, TrainingOptions> Unusable => new()
    {
        { "Epochs", new TrainingOptions { Epochs = 0 } },
        { "StepsPerEpoch", new TrainingOptions { StepsPerEpoch = 0 } },
        { "CropsPerStep", new TrainingOptions { CropsPerStep = -2 } },
        { "OutputsPerCropSide", new TrainingOptions { OutputsPerCropSide = 0 } },
        { "Patience", new TrainingOptions { Patience = 0 } },
        { "LearningRate", new TrainingOptions { LearningRate = 0 } },
        { "LearningRate", new TrainingOptions { LearningRate = -1e-3 } },
        { "LearningRate", new TrainingOptions { LearningRate = double.NaN } },
        { "LearningRate", new TrainingOptions { LearningRate = double.PositiveInfinity } },
        { "Optimizer", new TrainingOptions { Optimizer = "adamw" } },
        { "Lambda", new TrainingOptions { Lambda = double.NaN } },
        { "Lambda", new TrainingOptions { Lambda = -0.3 } },
        { "ValidationStride", new TrainingOptions { ValidationStride = 0 } },
        { "DetectionStride", new TrainingOptions { DetectionStride = 65 } },
        { "PeakRadius", new TrainingOptions { PeakRadius = 0 } },
        { "TimeLimit", new TrainingOptions { TimeLimit = TimeSpan.Zero } },
        { "Name", new TrainingOptions { Name = " " } },
        { "Head", new TrainingOptions { Head = (NetworkHead)7 } },
        { "Channels", new TrainingOptions { Channels = (ChannelMapping)5 } },
        { "Normalization", new TrainingOptions { Normalization = new PercentileNormalization(50, 10) } },
        { "CheckpointPath", new TrainingOptions { CheckpointPath = "" } },
        { "Resume", new TrainingOptions { Resume = ResumePolicy.Require } },
        { "Resume", new TrainingOptions { Resume = (ResumePolicy)9, CheckpointPath = "m.checkpoint" } },
        { "Augmentations", new TrainingOptions { Augmentations = (TrainingAugmentations)64 } },
        { "Augmentations", new TrainingOptions { Channels = ChannelMapping.Gray, Augmentations = TrainingAugmentations.Stain } },
    };

    [Theory]
    [MemberData(nameof(Unusable))]
    public void ValidateNamesTheOption(string option, TrainingOptions options)
    {
        var error = Assert.Throws<ArgumentException>(options.Validate);
        Assert.StartsWith($"Training option {option} ", error.Message);
        Assert.Equal(option, error.ParamName);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void DefaultsAreValid()
    {
        new TrainingOptions().Validate();
        TrainerTests.TinyRun.Validate();
        new TrainingOptions { Optimizer = "sgd", CheckpointPath = "m.checkpoint", Resume = ResumePolicy.Require, TimeLimit = TimeSpan.FromMinutes(1) }.Validate();
    }

    [Fact]
    public void TrainValidatesBeforeAnyWork()
    {
        // Patience 0 used to reach a NullReferenceException after the first epoch; now nothing is read or trained.
        var error = Assert.Throws<ArgumentException>(() => new Trainer(TrainerTests.TinyRun with { Patience = 0 }).Train(Array.Empty<TrainingSample>(), Array.Empty<TrainingSample>()));
        Assert.Equal("Patience", error.ParamName);
    }

    [Fact]
    public void InitialWeightsOfAnotherHeadOrChannelCountAreRefused()
    {
        using var rgb = TestNetworks.Random(3);
        var error = Assert.Throws<ArgumentException>(() => (TrainerTests.TinyRun with { InitialNetwork = rgb }).Validate());
        Assert.Equal("InitialNetwork", error.ParamName);
        Assert.Contains("3 input channel(s)", error.Message);
    }
}
