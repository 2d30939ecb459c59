using CellDetect.Core.Augmentation;
using System.Globalization;
using CellDetect.Core.Imaging;
using CellDetect.Model.Network;
using CellDetect.Model.Training;

namespace CellDetect.Model.Files;

/// <summary>
/// What a training run learns from and how: recorded in its checkpoints, so that a run resumes only from
/// a checkpoint of the same run (not, say, from a crchisto run killed earlier under the same --out).
/// The number of epochs, patience and time limit are left out: raising them is how a finished run continues.
/// </summary>
public sealed record RunFingerprint
{
    /// <summary>Training images as "data set/name".</summary>
    public IReadOnlyList<string> TrainingImages { get; init; } = Array.Empty<string>();

    /// <summary>Validation images as "data set/name".</summary>
    public IReadOnlyList<string> ValidationImages { get; init; } = Array.Empty<string>();

    /// <summary>The network trained; checkpoints from before the field existed trained the paper's.</summary>
    public NetworkArchitecture Architecture { get; init; } = NetworkArchitecture.Paper;

    public NetworkHead Head { get; init; }

    public ChannelMapping Channels { get; init; }

    public PercentileNormalization Normalization { get; init; } = new();

    public int Seed { get; init; }

    public string Optimizer { get; init; } = "";

    public double LearningRate { get; init; }

    /// <summary>The learning-rate schedule and the epochs it spans; checkpoints from before schedules existed ran at a constant rate.</summary>
    public string Schedule { get; init; } = "constant";

    public double Lambda { get; init; }

    public int CropsPerStep { get; init; }

    public int OutputsPerCropSide { get; init; }

    public int StepsPerEpoch { get; init; }

    /// <summary>The augmentations of the run; checkpoints from before the field existed were trained with the flips/rotations alone.</summary>
    public TrainingAugmentations Augmentations { get; init; } = TrainingAugmentations.Dihedral;

    /// <summary>How the images were rescaled before training; checkpoints from before the field existed read as the images' own scale.</summary>
    public string InputScale { get; init; } = OwnScale;

    /// <summary>How crops' images are drawn; checkpoints from before the field existed drew them by area.</summary>
    public CropSampling Sampling { get; init; } = CropSampling.ByArea;

    /// <summary><see cref="InputScale"/> of images trained at the scale they were read at.</summary>
    public const string OwnScale = "the images' own";

    /// <summary>SHA-256 of the weights fine-tuning started from, or null for a random start.</summary>
    public string? InitialWeightsSha256 { get; init; }

    /// <summary>What differs between this run and <paramref name="recorded"/> (a checkpoint's), one phrase each; empty when they match.</summary>
    public IReadOnlyList<string> DifferencesFrom(RunFingerprint recorded)
    {
        var differences = new List<string>();
        ImagesDiffer("training images", TrainingImages, recorded.TrainingImages, differences);
        ImagesDiffer("validation images", ValidationImages, recorded.ValidationImages, differences);
        Differ("architecture", Architecture, recorded.Architecture, differences);
        Differ("head", Head, recorded.Head, differences);
        Differ("channels", Channels, recorded.Channels, differences);
        Differ("normalisation", Normalization, recorded.Normalization, differences);
        Differ("seed", Seed, recorded.Seed, differences);
        Differ("optimizer", Optimizer, recorded.Optimizer, differences);
        Differ("learning rate", LearningRate, recorded.LearningRate, differences);
        Differ("learning-rate schedule", Schedule, recorded.Schedule, differences);
        Differ("lambda", Lambda, recorded.Lambda, differences);
        Differ("crops per step", CropsPerStep, recorded.CropsPerStep, differences);
        Differ("outputs per crop side", OutputsPerCropSide, recorded.OutputsPerCropSide, differences);
        Differ("steps per epoch", StepsPerEpoch, recorded.StepsPerEpoch, differences);
        Differ("augmentations", TrainingAugmentationNames.Format(Augmentations), TrainingAugmentationNames.Format(recorded.Augmentations), differences);
        Differ("input scale", InputScale, recorded.InputScale, differences);
        Differ("sampling", Sampling, recorded.Sampling, differences);
        Differ("initial weights", InitialWeightsSha256 ?? "a random start", recorded.InitialWeightsSha256 ?? "a random start", differences);
        return differences;
    }

    private static void Differ<T>(string what, T here, T recorded, List<string> differences)
    {
        if (!EqualityComparer<T>.Default.Equals(here, recorded))
        {
            differences.Add(string.Create(CultureInfo.InvariantCulture, $"{what} {here} here, {recorded} in the checkpoint"));
        }
    }

    private static void ImagesDiffer(string what, IReadOnlyList<string> here, IReadOnlyList<string> recorded, List<string> differences)
    {
        var added = here.Except(recorded, StringComparer.Ordinal).ToList();
        var missing = recorded.Except(here, StringComparer.Ordinal).ToList();
        if (added.Count + missing.Count == 0)
        {
            return;
        }
        var parts = new List<string>();
        if (added.Count > 0)
        {
            parts.Add($"{Sample(added)} not in the checkpoint");
        }
        if (missing.Count > 0)
        {
            parts.Add($"{Sample(missing)} missing here");
        }
        differences.Add($"{what} differ ({string.Join(", ", parts)})");
    }

    /// <summary>A few names and how many more, so the message stays one line.</summary>
    private static string Sample(IReadOnlyList<string> names) =>
        string.Join(" ", names.Take(3)) + (names.Count > 3 ? $" and {names.Count - 3} more" : "");
}
