using CellDetect.Core.Augmentation;
using CellDetect.Core.Imaging;
using CellDetect.Model.Files;
using CellDetect.Model.Network;

namespace CellDetect.Model.Training;

/// <summary>
/// Settings of one training run. Defaults are what trained reliably on 2 CPU cores: Adam at 2e-4
/// (the paper's plain SGD at 5e-4 is available with Optimizer = "sgd"), output bias started at the
/// mean label, 8 crops of 8x8 patches per step (512 patch/label pairs).
/// </summary>
public sealed record TrainingOptions
{
    public string Name { get; init; } = "model";

    /// <summary>The network to train: the paper's (default) or the U-Net option, which takes the structured-regression head only.</summary>
    public NetworkArchitecture Architecture { get; init; } = NetworkArchitecture.Paper;

    public NetworkHead Head { get; init; } = NetworkHead.StructuredRegression;

    public ChannelMapping Channels { get; init; } = ChannelMapping.Rgb;

    public PercentileNormalization Normalization { get; init; } = new();

    public int Epochs { get; init; } = 30;

    public int StepsPerEpoch { get; init; } = 150;

    public int CropsPerStep { get; init; } = 8;

    /// <summary>
    /// What each training crop goes through. The paper describes no augmentation; the 8 flips/rotations alone are this
    /// project's default since its first models, the rest are options (<see cref="TrainingAugmentations"/>).
    /// </summary>
    public TrainingAugmentations Augmentations { get; init; } = TrainingAugmentations.Dihedral;

    public int OutputsPerCropSide { get; init; } = 8;

    public string Optimizer { get; init; } = "adam";

    public double LearningRate { get; init; } = 2e-4;

    /// <summary>How the learning rate falls over the epochs; constant by default (how the built-in models were trained).</summary>
    public LearningRateSchedule Schedule { get; init; } = LearningRateSchedule.Constant;

    /// <summary>How each crop's image is drawn: by area (the default, how the built-in models were trained) or each data set equally.</summary>
    public CropSampling Sampling { get; init; } = CropSampling.ByArea;

    /// <summary>How the caller rescaled the images before giving them (for example "cells 14 px across by each image's estimate"); part of the run's fingerprint.</summary>
    public string InputScale { get; init; } = RunFingerprint.OwnScale;

    public double Lambda { get; init; } = WeightedProximityLoss.PaperLambda;

    /// <summary>Stop after this many epochs without a better validation F1.</summary>
    public int Patience { get; init; } = 8;

    public int Seed { get; init; } = 1;

    /// <summary>Stride for comparing epochs; coarse, since validating is as costly as many training steps.</summary>
    public int ValidationStride { get; init; } = 8;

    /// <summary>Stride the saved model will detect at; its threshold is calibrated there.</summary>
    public int DetectionStride { get; init; } = 4;

    public int PeakRadius { get; init; } = 3;

    /// <summary>Where the network trains (always in float32; only the device type is used).</summary>
    public ComputeDevice Device { get; init; } = ComputeDevice.Cpu;

    /// <summary>
    /// Where the resumable checkpoint lives (also PATH.best, PATH.optimizer, and PATH.lock while the run
    /// writes them); null disables checkpoints.
    /// </summary>
    public string? CheckpointPath { get; init; }

    /// <summary>What to do with a checkpoint found at <see cref="CheckpointPath"/>.</summary>
    public ResumePolicy Resume { get; init; } = ResumePolicy.IfCompatible;

    /// <summary>Stop after this wall time even if epochs remain (the best model so far is kept).</summary>
    public TimeSpan? TimeLimit { get; init; }

    /// <summary>
    /// Weights to continue from (fine-tuning a shipped model) instead of a random start. Their validation
    /// F1 is the score to beat, so the run never returns a model worse than the one it started from.
    /// </summary>
    public ProximityNetwork? InitialNetwork { get; init; }

    /// <summary>Options a run cannot work with throw <see cref="ArgumentException"/>, naming the option; called before any work.</summary>
    public void Validate()
    {
        Require(!string.IsNullOrWhiteSpace(Name), nameof(Name), "must not be empty");
        Require(Enum.IsDefined(Head), nameof(Head), "must be StructuredRegression, PixelRegression or PixelClassification");
        Require(Enum.IsDefined(Architecture), nameof(Architecture), "must be Paper or UNet");
        Require(Architecture == NetworkArchitecture.Paper || Head == NetworkHead.StructuredRegression, nameof(Head), $"must be StructuredRegression for the {Architecture} network (it regresses the whole proximity map)", Head);
        Require(Enum.IsDefined(Channels), nameof(Channels), "must be Rgb or Gray");
        try
        {
            Normalization.Validate();
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException($"Training option {nameof(Normalization)} is unusable: {e.Message}", nameof(Normalization), e);
        }
        Require(Epochs >= 1, nameof(Epochs), "must be at least 1", Epochs);
        Require(StepsPerEpoch >= 1, nameof(StepsPerEpoch), "must be at least 1", StepsPerEpoch);
        Require(CropsPerStep >= 1, nameof(CropsPerStep), "must be at least 1", CropsPerStep);
        Require(Augmentations is >= TrainingAugmentations.None and <= AllAugmentations, nameof(Augmentations), "must combine dihedral, stain, intensity, scale, blur and noise only", Augmentations);
        // Stain jitter deconvolves RGB into haematoxylin, eosin and DAB: a gray input has no stains to jitter.
        Require(!Augmentations.HasFlag(TrainingAugmentations.Stain) || Channels == ChannelMapping.Rgb, nameof(Augmentations), "has stain jitter, which needs rgb input, but the run trains on gray");
        Require(OutputsPerCropSide is >= 1 and <= MaxOutputsPerCropSide, nameof(OutputsPerCropSide), $"must be from 1 to {MaxOutputsPerCropSide}", OutputsPerCropSide);
        Require(Optimizer is "adam" or "sgd", nameof(Optimizer), "must be adam or sgd", Optimizer);
        Require(double.IsFinite(LearningRate) && LearningRate > 0, nameof(LearningRate), "must be a positive number", LearningRate);
        // The loss weights each unit by (label + lambda): a negative lambda rewards errors on background.
        Require(double.IsFinite(Lambda) && Lambda >= 0, nameof(Lambda), "must be a number of at least 0", Lambda);
        Require(Patience >= 1, nameof(Patience), "must be at least 1", Patience);
        Require(ValidationStride is >= 1 and <= MaxStride, nameof(ValidationStride), $"must be from 1 to {MaxStride}", ValidationStride);
        Require(DetectionStride is >= 1 and <= MaxStride, nameof(DetectionStride), $"must be from 1 to {MaxStride}", DetectionStride);
        Require(PeakRadius >= 1, nameof(PeakRadius), "must be at least 1", PeakRadius);
        Require(TimeLimit is null || TimeLimit > TimeSpan.Zero, nameof(TimeLimit), "must be positive when given", TimeLimit);
        Require(CheckpointPath is null || CheckpointPath.Trim().Length > 0, nameof(CheckpointPath), "must be null (no checkpoints) or a path", CheckpointPath);
        Require(Enum.IsDefined(Resume), nameof(Resume), "must be IfCompatible, Never or Require", Resume);
        Require(Resume != ResumePolicy.Require || CheckpointPath is not null, nameof(Resume), "is Require, which needs a CheckpointPath to resume from", Resume);
        if (InitialNetwork is { } initial)
        {
            Require(initial.Architecture == Architecture && initial.Head == Head && initial.InputChannels == Channels.InputChannels(), nameof(InitialNetwork),
                $"is a {initial.Architecture} network with head {initial.Head} and {initial.InputChannels} input channel(s); this run trains a {Architecture} network with head {Head} on {Channels.InputChannels()}");
        }
    }

    private const TrainingAugmentations AllAugmentations = TrainingAugmentations.Dihedral | TrainingAugmentations.Stain | TrainingAugmentations.Intensity
        | TrainingAugmentations.Scale | TrainingAugmentations.Blur | TrainingAugmentations.Noise;

    /// <summary>Largest block of patches per crop side: a 301 x 301 crop, far beyond what fits a step.</summary>
    private const int MaxOutputsPerCropSide = 64;

    /// <summary>Largest scanning stride: the one a model file accepts.</summary>
    private const int MaxStride = ModelMetadataRules.MaxStride;

    private static void Require(bool valid, string option, string rule, object? value = null)
    {
        if (!valid)
        {
            var got = value is null ? "" : FormattableString.Invariant($" (got {value})");
            throw new ArgumentException($"Training option {option} {rule}{got}.", option);
        }
    }
}
