using CellDetect.Core.Augmentation;
using CellDetect.Core.Datasets;
using CellDetect.Core.Imaging;
using CellDetect.Model.Network;
using CellDetect.Model.Training;

namespace CellDetect.Cli.Training;

/// <summary>
/// How one model is trained, as <c>train</c> and <c>crossval</c> take it from their options. Null means: Head, Channels
/// and (with Init) the input preparation from the initial model, else sr and from the images; LearningRate 2e-4 for
/// adam, 5e-4 for sgd; SamplingSeed = the split seed; no time limit; CellDiameter: the images' own scale; libtorch's
/// thread count. DiameterSource: how each image's cells are measured for CellDiameter (left out of the JSON when it is
/// the clicks, so that cross-validation plans written before the choice existed still match); Sampling likewise when by area.
/// </summary>
public sealed record TrainingChoices(
    double ValFraction, string? Init, NetworkHead? Head, ChannelMapping? Channels, double? TimeLimitMinutes, int Epochs, int StepsPerEpoch, int CropsPerStep,
    string Optimizer, double? LearningRate,
    // Left out of the JSON when constant, so that cross-validation plans written before schedules existed still match.
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingDefault)] LearningRateSchedule Schedule, int Patience, int? SamplingSeed, TrainingAugmentations Augmentations, double? CellDiameter, int? Threads, bool Quiet,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingDefault)] CellDiameterSource DiameterSource = CellDiameterSource.Clicks,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingDefault)] CropSampling Sampling = CropSampling.ByArea,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingDefault)] NetworkArchitecture? Architecture = null,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingDefault)] int? CropPatches = null);
