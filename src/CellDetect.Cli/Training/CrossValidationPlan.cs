using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace CellDetect.Cli.Training;

/// <summary>An image of a cross-validation and the fold (1 to k) that holds it out.</summary>
public sealed record PlannedImage(string DataSet, string Name, int Fold);

/// <summary>
/// What a cross-validation run is: its folds, how each model is trained and how each held-out fold is detected. Written
/// as OUT/plan.json before any work; a run into a folder that holds another plan stops, naming what differs, so that
/// finished folds are only ever reused by the run that made them.
/// </summary>
public sealed record CrossValidationPlan(int Folds, int Seed, int Stride, IReadOnlyList<int> PeakRadii, bool TestTimeAugmentation, TrainingChoices Training, IReadOnlyList<PlannedImage> Images)
{
    public static JsonSerializerOptions Json { get; } = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
    };

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>The top-level fields that differ from a plan written earlier (its JSON); empty when they match.</summary>
    public IReadOnlyList<string> DifferencesFrom(string recordedJson)
    {
        var here = JsonNode.Parse(ToJson())!.AsObject();
        var recorded = JsonNode.Parse(recordedJson) as JsonObject ?? new JsonObject();
        return here.Select(p => p.Key).Union(recorded.Select(p => p.Key))
            .Where(key => !JsonNode.DeepEquals(here[key], recorded[key]))
            .ToList();
    }
}
