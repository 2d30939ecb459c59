using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using CellDetect.Core.Detection;
using CellDetect.Core.Evaluation;
using CellDetect.Imaging.Annotations;
using CellDetect.Imaging.Plots;

namespace CellDetect.Cli.Commands;

/// <summary>What <c>celldetect evaluate</c> was asked to do; PrCurve is the prefix of the PR curve's .csv and .png, null for none.</summary>
public sealed record EvaluateOptions(string Truth, string Detections, double Radius, MatchingRule Rule, bool Json, string? PrCurve);

/// <summary>
/// <c>celldetect evaluate --truth DIR --detections DIR [--radius 5] [--rule strict|paper] [--json] [--pr-curve OUT_PREFIX]</c>:
/// pairs NAME.csv files of the two folders by name and scores the detections (see docs/evaluation.md).
/// </summary>
public sealed class EvaluateCommand : ICliCommand
{
    public Command Definition()
    {
        var truth = Define.Text("--truth", "folder of NAME.csv annotation files (x,y per cell)", "dir", required: true);
        var detections = Define.Text("--detections", "folder of NAME.csv detection files (x,y[,score]), paired with the annotations by name", "dir", required: true);
        var radius = Define.Number("--radius", "matching distance in pixels: a detection and an annotated cell at most this far apart can match", Define.Range.Above(0), 5);
        var rule = Define.Choice<MatchingRule>("--rule", "matching rule: strict pairs one to one (most pairs, then shortest), paper is the paper's literal rule, which counts duplicate detections as true positives (docs/evaluation.md)", [("strict", MatchingRule.Strict), ("paper", MatchingRule.Paper)], "strict");
        var json = Define.Flag("--json", "print one JSON object instead of the table");
        var prCurve = Define.Text("--pr-curve", "also sweep the score threshold and write PREFIX.csv and PREFIX.png (precision-recall curve)", "PREFIX", defaultText: "no curve");
        var command = new Command("evaluate", "score detections against annotations (P, R, F1, Ed, En; optional PR curve)")
        {
            truth, detections, radius, rule, json, prCurve,
        };
        Define.Body(command, (r, output, error) => Run(new EvaluateOptions(r.GetValue(truth)!, r.GetValue(detections)!, r.GetValue(radius), r.GetValue(rule)!.Value, r.GetValue(json), r.GetValue(prCurve)), output, error));
        return command;
    }

    public int Run(EvaluateOptions request, TextWriter output, TextWriter error)
    {
        var truthDir = request.Truth;
        var detectionsDir = request.Detections;
        var json = request.Json;
        var prPrefix = request.PrCurve;
        var options = new EvaluationOptions(request.Radius, request.Rule);

        var truthFiles = CsvFilesByName(truthDir, "truth");
        var detectionFiles = CsvFilesByName(detectionsDir, "detections");
        if (truthFiles.Count == 0)
        {
            throw new InvalidDataException($"No annotation files (*.csv) in '{truthDir}'.");
        }
        var ignored = detectionFiles.Keys.Where(name => !truthFiles.ContainsKey(name)).OrderBy(n => n, StringComparer.Ordinal).ToList();
        foreach (var name in ignored)
        {
            error.WriteLine($"celldetect evaluate: warning: {detectionFiles[name]} has no annotation file {name}.csv in {truthDir}; ignored.");
        }

        var images = new List<EvaluationImage>();
        var missing = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (name, truthPath) in truthFiles.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            IReadOnlyList<CellPoint> detections = Array.Empty<CellPoint>();
            if (detectionFiles.TryGetValue(name, out var detectionPath))
            {
                detections = PointsCsv.Read(detectionPath);
            }
            else
            {
                missing.Add(name);
            }
            images.Add(new EvaluationImage(name, PointsCsv.Read(truthPath), detections));
        }

        var summary = DetectionEvaluator.Evaluate(images, options);
        PrCurve? curve = null;
        if (prPrefix is not null)
        {
            curve = ThresholdSweep.Sweep(images, options);
            PrCurveCsv.Write(prPrefix + ".csv", curve);
            var label = Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(detectionsDir)));
            PrCurvePlot.WritePng(prPrefix + ".png", new[] { PlotSeries.FromCurve(label, curve) });
        }

        if (json)
        {
            WriteJson(output, summary, missing, ignored, curve, prPrefix);
        }
        else
        {
            WriteTable(output, summary, missing, ignored, curve, prPrefix);
        }
        return 0;
    }

    private static Dictionary<string, string> CsvFilesByName(string directory, string role)
    {
        if (!Directory.Exists(directory))
        {
            throw new DirectoryNotFoundException($"The {role} directory '{directory}' does not exist.");
        }
        return Directory.EnumerateFiles(directory, "*.csv", SearchOption.TopDirectoryOnly)
            .Where(path => path.EndsWith(".csv", StringComparison.Ordinal))
            .ToDictionary(path => Path.GetFileNameWithoutExtension(path), path => path, StringComparer.Ordinal);
    }

    private static string F(double value, string format = "0.0000") =>
        double.IsNaN(value) ? "-" : value.ToString(format, CultureInfo.InvariantCulture);

    private static void WriteTable(TextWriter output, EvaluationSummary summary, HashSet<string> missing, List<string> ignored, PrCurve? curve, string? prPrefix)
    {
        var o = summary.Options;
        output.WriteLine($"rule: {o.Rule.ToString().ToLowerInvariant()}, radius: {F(o.Radius, "0.###")} px, images: {summary.Images.Count}");
        var nameWidth = Math.Max(10, summary.Images.Max(i => i.Name.Length) + 2);
        output.WriteLine($"{"image".PadRight(nameWidth)}{"truth",7}{"found",7}{"TP",7}{"FP",7}{"FN",7}{"precision",11}{"recall",9}{"F1",9}{"Ed",9}{"En",6}");
        foreach (var image in summary.Images)
        {
            var note = missing.Contains(image.Name) ? "  (no detections file: all FN)" : "";
            output.WriteLine($"{image.Name.PadRight(nameWidth)}{image.TruthCount,7}{image.DetectionCount,7}{image.TruePositives,7}{image.FalsePositives,7}{image.FalseNegatives,7}" +
                $"{F(image.Precision),11}{F(image.Recall),9}{F(image.F1),9}{F(image.Distance.Mean, "0.000"),9}{image.CountError,6}{note}");
        }
        var truth = summary.Images.Sum(i => i.TruthCount);
        var found = summary.Images.Sum(i => i.DetectionCount);
        output.WriteLine($"{"total".PadRight(nameWidth)}{truth,7}{found,7}{summary.TruePositives,7}{summary.FalsePositives,7}{summary.FalseNegatives,7}" +
            $"{F(summary.Precision),11}{F(summary.Recall),9}{F(summary.F1),9}");
        output.WriteLine();
        output.WriteLine($"precision {F(summary.Precision)}  recall {F(summary.Recall)}  F1 {F(summary.F1)}  (micro-averaged: TP {summary.TruePositives}, FP {summary.FalsePositives}, FN {summary.FalseNegatives})");
        output.WriteLine($"Ed (px, over {summary.Ed.Count} true positives): {F(summary.Ed.Mean, "0.000")} ± {F(summary.Ed.StandardDeviation, "0.000")}");
        output.WriteLine($"En (|TP - annotations|, over {summary.En.Count} images): {F(summary.En.Mean, "0.000")} ± {F(summary.En.StandardDeviation, "0.000")}");
        if (missing.Count > 0)
        {
            output.WriteLine($"{missing.Count} annotated image(s) had no detections file and count as all false negatives: {string.Join(", ", missing.OrderBy(n => n, StringComparer.Ordinal))}");
        }
        if (ignored.Count > 0)
        {
            output.WriteLine($"{ignored.Count} detections file(s) without annotations were ignored: {string.Join(", ", ignored)}");
        }
        if (curve is not null)
        {
            output.WriteLine($"best F1 {F(curve.Best.F1)} at score >= {F(curve.Best.Threshold, "0.####")} (precision {F(curve.Best.Precision)}, recall {F(curve.Best.Recall)}); " +
                $"{curve.Points.Count} thresholds written to {prPrefix}.csv and {prPrefix}.png");
        }
    }

    private static void WriteJson(TextWriter output, EvaluationSummary summary, HashSet<string> missing, List<string> ignored, PrCurve? curve, string? prPrefix)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteString("rule", summary.Options.Rule.ToString().ToLowerInvariant());
            json.WriteNumber("radius", summary.Options.Radius);
            WriteCounts(json, summary.Counts);
            WriteMeanStd(json, "ed", summary.Ed);
            WriteMeanStd(json, "en", summary.En);
            json.WriteStartArray("images");
            foreach (var image in summary.Images)
            {
                json.WriteStartObject();
                json.WriteString("name", image.Name);
                json.WriteNumber("truth", image.TruthCount);
                json.WriteNumber("detections", image.DetectionCount);
                json.WriteBoolean("detections_file", !missing.Contains(image.Name));
                WriteCounts(json, image.Counts);
                WriteMeanStd(json, "ed", image.Distance);
                json.WriteNumber("en", image.CountError);
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteStartArray("ignored_detection_files");
            foreach (var name in ignored)
            {
                json.WriteStringValue(name + ".csv");
            }
            json.WriteEndArray();
            if (curve is not null)
            {
                json.WriteStartObject("pr_curve");
                json.WriteString("csv", prPrefix + ".csv");
                json.WriteString("png", prPrefix + ".png");
                json.WriteNumber("thresholds", curve.Points.Count);
                WriteNumberOrNull(json, "best_threshold", curve.Best.Threshold);
                json.WriteNumber("best_f1", curve.Best.F1);
                json.WriteNumber("best_precision", curve.Best.Precision);
                json.WriteNumber("best_recall", curve.Best.Recall);
                json.WriteEndObject();
            }
            json.WriteEndObject();
        }
        output.WriteLine(System.Text.Encoding.UTF8.GetString(buffer.ToArray()));
    }

    private static void WriteCounts(Utf8JsonWriter json, DetectionCounts counts)
    {
        json.WriteNumber("precision", counts.Precision);
        json.WriteNumber("recall", counts.Recall);
        json.WriteNumber("f1", counts.F1);
        json.WriteNumber("tp", counts.TruePositives);
        json.WriteNumber("fp", counts.FalsePositives);
        json.WriteNumber("fn", counts.FalseNegatives);
    }

    private static void WriteMeanStd(Utf8JsonWriter json, string name, MeanStd value)
    {
        json.WriteStartObject(name);
        WriteNumberOrNull(json, "mean", value.Mean);
        WriteNumberOrNull(json, "std", value.StandardDeviation);
        json.WriteNumber("count", value.Count);
        json.WriteEndObject();
    }

    private static void WriteNumberOrNull(Utf8JsonWriter json, string name, double value)
    {
        if (double.IsFinite(value))
        {
            json.WriteNumber(name, value);
        }
        else
        {
            json.WriteNull(name);
        }
    }
}
