using System.Globalization;
using CellDetect.Core.Augmentation;
using CellDetect.Core.Datasets;
using CellDetect.Model.Network;
using CellDetect.Model.Training;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace CellDetect.Cli.Training;

/// <summary>An image of a cross-validation and the fold (1 to k) that holds it out.</summary>
public sealed record PlannedImage(string DataSet, string Name, int Fold);

/// <summary>
/// What a cross-validation run is: its folds, how each model is trained and how each held-out fold is detected. Written
/// as OUT/plan.json before any work. A run into a folder whose plan trains other models stops, naming what differs, so
/// that finished folds are only ever reused by the run that made them; a changed <see cref="Evaluation"/> only makes
/// the folds detect their held-out images again.
/// </summary>
public sealed record CrossValidationPlan(int Folds, int Seed, TrainingChoices Training, IReadOnlyList<PlannedImage> Images, CrossValidationEvaluation Evaluation)
{
    public static JsonSerializerOptions Json { get; } = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
    };

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>How each fold model is trained, in words, for reports and for the models that record these figures.</summary>
    public string DescribeRecipe()
    {
        var training = Training;
        return string.Create(CultureInfo.InvariantCulture,
            $"{(training.Architecture is { } network && network != NetworkArchitecture.Paper ? $"{network} network, " : "")}augmentation {TrainingAugmentationNames.Format(training.Augmentations)}, cell diameter {(training.CellDiameter is { } d ? $"{d} px{(training.DiameterSource == CellDiameterSource.Image ? " by each image's estimate" : "")}" : "the images' own")}, {training.Epochs} epochs x {training.StepsPerEpoch} steps x {training.CropsPerStep} crops{(training.CropPatches is { } patches ? $" of {patches} x {patches} patches" : "")}{(training.Sampling == CropSampling.DataSetsEqually ? " (data sets equally)" : "")}, {training.Optimizer}, learning rate {training.Schedule.Describe(training.Epochs)}{(training.TimeLimitMinutes is { } m ? $", {m} min per model" : "")}{(training.Init is { } init ? $", fine-tuned from {init}" : "")}");
    }

    /// <summary>The top-level fields that differ from a plan written earlier (its JSON), "evaluation" among them; empty when they match.</summary>
    public IReadOnlyList<string> DifferencesFrom(string recordedJson)
    {
        var here = JsonNode.Parse(ToJson())!.AsObject();
        var recorded = JsonNode.Parse(recordedJson) as JsonObject ?? new JsonObject();
        return here.Select(p => p.Key).Union(recorded.Select(p => p.Key))
            .Where(key => !JsonNode.DeepEquals(here[key], recorded[key]))
            .ToList();
    }

    /// <summary>True when a fold detected with <paramref name="evaluation"/> needs no new detections under this plan.</summary>
    public bool DetectsAs(CrossValidationEvaluation evaluation) =>
        JsonSerializer.Serialize(evaluation, Json) == JsonSerializer.Serialize(Evaluation, Json);
}
