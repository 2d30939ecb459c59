using CellDetect.Core.Datasets;
using CellDetect.Core.Imaging;
using CellDetect.Model.Network;

namespace CellDetect.Model.Files;

/// <summary>Everything a model file says about itself besides its weights (stored as metadata.json).</summary>
public sealed record ModelMetadata
{
    /// <summary>Every architecture this build runs is at this version.</summary>
    public const int CurrentArchitectureVersion = 1;

    /// <summary>Version 1: <see cref="ContentSha256"/> covers weights.bin only (the built-in models).</summary>
    public const int WeightsOnlyHashFormat = 1;

    /// <summary>Version 2: <see cref="ContentSha256"/> covers weights.bin and metadata.json, so an edited threshold is caught.</summary>
    public const int CurrentFormatVersion = 2;

    /// <summary>How the file is laid out and hashed; files from before the field existed read as 1.</summary>
    public int FormatVersion { get; init; } = WeightsOnlyHashFormat;

    public string Name { get; init; } = "unnamed";

    /// <summary>The network's name (<see cref="NetworkArchitectures.FileName"/>): the paper's, or the U-Net option.</summary>
    public string Architecture { get; init; } = NetworkArchitecture.Paper.FileName();

    public int ArchitectureVersion { get; init; } = CurrentArchitectureVersion;

    public NetworkHead Head { get; init; } = NetworkHead.StructuredRegression;

    public int InputPatchSize { get; init; } = StructuredRegressionNetwork.InputPatchSize;

    public int ProximityPatchSize { get; init; } = StructuredRegressionNetwork.ProximityPatchSize;

    public ChannelMapping Channels { get; init; } = ChannelMapping.Rgb;

    public PercentileNormalization Normalization { get; init; } = new();

    /// <summary>Pixel size (µm) of the training images; null when they did not say.</summary>
    public double? PixelSizeMicrons { get; init; }

    /// <summary>
    /// Typical cell (nucleus) diameter in pixels in the images the model was trained on, as they were fed to it; null
    /// when unknown. Detection with a stated cell diameter rescales the image by this over that.
    /// </summary>
    public double? CellDiameterPixels { get; init; }

    /// <summary>
    /// How the training images' cells were measured before they were rescaled to <see cref="CellDiameterPixels"/>; null
    /// for models trained at the images' own scale and for files from before the field (which measured the clicks).
    /// Detection estimates an uncalibrated image's cell size for a model measured by image, whatever its channels.
    /// </summary>
    public CellDiameterSource? CellDiameterSource { get; init; }

    /// <summary>Proximity threshold (zeta) chosen on the validation split.</summary>
    public double Threshold { get; init; } = 0.3;

    /// <summary>Default scanning stride.</summary>
    public int Stride { get; init; } = 4;

    /// <summary>Radius (px) of the non-maximum suppression when finding peaks.</summary>
    public int PeakRadius { get; init; } = 3;

    /// <summary>Proximity-mask parameters of eq. 1 used for the labels.</summary>
    public double MaskRadius { get; init; } = 5;

    public double MaskDecay { get; init; } = 0.8;

    /// <summary>"float32" or "float16": how the weights are stored (they are always run in float32).</summary>
    public string WeightPrecision { get; init; } = "float32";

    public TrainingSummary? Training { get; init; }

    /// <summary>
    /// SHA-256, hex, checked on every load. Format 2: of weights.bin followed by metadata.json as stored with
    /// this value's 64 digits written as zeros; format 1: of weights.bin alone.
    /// </summary>
    public string ContentSha256 { get; init; } = "";
}

/// <summary>How the model was trained, for the record and for reproducing it.</summary>
public sealed record TrainingSummary
{
    public IReadOnlyList<string> DataSets { get; init; } = Array.Empty<string>();

    public int TrainingImages { get; init; }

    public int TrainingCells { get; init; }

    public IReadOnlyList<string> ValidationImages { get; init; } = Array.Empty<string>();

    public int Seed { get; init; }

    public int Epochs { get; init; }

    public int BestEpoch { get; init; }

    public string Optimizer { get; init; } = "";

    public double LearningRate { get; init; }

    /// <summary>How the learning rate fell over the epochs ("cosine over 60 epochs"); null for models trained at a constant rate before schedules existed.</summary>
    public string? LearningRateSchedule { get; init; }

    public string Sampling { get; init; } = "";

    public string Augmentation { get; init; } = "";

    public double ValidationF1 { get; init; }

    public double TrainingSeconds { get; init; }

    public string Command { get; init; } = "";

    /// <summary>The model whose weights training continued from (train --init), or null for a random start.</summary>
    public string? InitialModel { get; init; }

    /// <summary>The recipe's cross-validated scores (<c>calibrate --from-crossval</c>); null when none was recorded.</summary>
    public CrossValidationSummary? CrossValidation { get; init; }

    /// <summary>What a checkpoint was trained on and how; a resumed run must match it.</summary>
    public RunFingerprint? Run { get; init; }
}
