using CellDetect.Core.Imaging;
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

    public NetworkHead Head { get; init; } = NetworkHead.StructuredRegression;

    public ChannelMapping Channels { get; init; } = ChannelMapping.Rgb;

    public PercentileNormalization Normalization { get; init; } = new();

    public int Epochs { get; init; } = 30;

    public int StepsPerEpoch { get; init; } = 150;

    public int CropsPerStep { get; init; } = 8;

    public int OutputsPerCropSide { get; init; } = 8;

    public string Optimizer { get; init; } = "adam";

    public double LearningRate { get; init; } = 2e-4;

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

    /// <summary>Where the resumable checkpoint lives; null disables checkpoints.</summary>
    public string? CheckpointPath { get; init; }

    /// <summary>Stop after this wall time even if epochs remain (the best model so far is kept).</summary>
    public TimeSpan? TimeLimit { get; init; }

    /// <summary>
    /// Weights to continue from (fine-tuning a shipped model) instead of a random start. Their validation
    /// F1 is the score to beat, so the run never returns a model worse than the one it started from.
    /// </summary>
    public StructuredRegressionNetwork? InitialNetwork { get; init; }
}
