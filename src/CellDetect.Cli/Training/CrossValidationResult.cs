using System.Text.Json;
using CellDetect.Model.Files;

namespace CellDetect.Cli.Training;

/// <summary>A detection variant of a cross-validation: the operating point chosen on all folds and each data set's scores.</summary>
public sealed record CrossValidatedVariant(string Name, int Stride, bool TestTimeAugmentation, int PeakRadius, double Threshold, IReadOnlyList<CrossValidatedScore> DataSets);

/// <summary>What <c>calibrate --from-crossval</c> takes from a <c>crossval</c> report.json: the plan (the recipe) and the variants.</summary>
public sealed record CrossValidationResult(CrossValidationPlan Plan, IReadOnlyList<CrossValidatedVariant> Variants)
{
    /// <summary>Reads OUT/report.json; throws <see cref="InvalidDataException"/> naming the file when it is not one crossval wrote.</summary>
    public static CrossValidationResult Read(string path)
    {
        try
        {
            using var report = JsonDocument.Parse(File.ReadAllBytes(path), new JsonDocumentOptions());
            var root = report.RootElement;
            var plan = root.GetProperty("plan").Deserialize<CrossValidationPlan>(CrossValidationPlan.Json) ?? throw new JsonException("no plan");
            var variants = root.GetProperty("variants").EnumerateArray().Select(v =>
            {
                var chosen = v.GetProperty("chosen");
                var scores = v.GetProperty("dataSets").EnumerateArray().Select(d => new CrossValidatedScore(
                    d.GetProperty("dataSet").GetString()!, d.GetProperty("images").GetInt32(),
                    Math.Round(d.GetProperty("f1").GetProperty("mean").GetDouble(), 4), Math.Round(d.GetProperty("f1").GetProperty("standardDeviation").GetDouble(), 4))).ToList();
                return new CrossValidatedVariant(v.GetProperty("variant").GetString()!, v.GetProperty("stride").GetInt32(), v.GetProperty("testTimeAugmentation").GetBoolean(),
                    chosen.GetProperty("peakRadius").GetInt32(), chosen.GetProperty("threshold").Deserialize<double>(CrossValidationPlan.Json), scores);
            }).ToList();
            return new CrossValidationResult(plan, variants);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new InvalidDataException($"'{path}' is not a report.json written by celldetect crossval ({e.Message}).", e);
        }
    }
}
