using System.Globalization;
using System.Text;
using System.Text.Json;
using CellDetect.Core.Augmentation;
using CellDetect.Core.Evaluation;

namespace CellDetect.Cli.Training;

/// <summary>A data set's cross-validated scores: mean and standard deviation (divisor n) over the folds that hold some of its images.</summary>
public sealed record DataSetScores(string DataSet, int Images, MeanStd F1, MeanStd Precision, MeanStd Recall, IReadOnlyList<double> FoldF1);

/// <summary>
/// The scores of one evaluation variant: per data set, each fold scored at the operating point chosen on the other
/// folds; the point chosen on all folds (what a model trained on all images would ship with) and its pooled F1; the
/// detection time per megapixel (mean over folds).
/// </summary>
public sealed record VariantScores(string Variant, int Stride, bool TestTimeAugmentation, IReadOnlyList<DataSetScores> DataSets, IReadOnlyList<FoldScore> Folds, OperatingPoint Chosen, double PooledF1, double SecondsPerMegapixel);

/// <summary>The result of a cross-validation, written as OUT/report.json and OUT/report.md.</summary>
public sealed record CrossValidationReport(CrossValidationPlan Plan, MeanStd TrainingSeconds, IReadOnlyList<VariantScores> Variants, IReadOnlyList<FoldOutcome> Folds)
{
    /// <param name="heldOut">every image with its detections, per evaluation variant of the plan</param>
    public static CrossValidationReport Build(CrossValidationPlan plan, IReadOnlyList<FoldOutcome> folds, IReadOnlyDictionary<string, IReadOnlyList<HeldOutImage>> heldOut)
    {
        var variants = plan.Evaluation.Variants.Select(variant =>
        {
            var images = heldOut[variant.Name];
            var scores = CrossValidatedOperatingPoint.ScoreFolds(images);
            var (chosen, pooled) = CrossValidatedOperatingPoint.Best(images);
            var dataSets = images.GroupBy(i => i.DataSet, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g =>
            {
                var counts = scores.Where(s => s.ByDataSet.ContainsKey(g.Key)).Select(s => s.ByDataSet[g.Key]).ToList();
                return new DataSetScores(g.Key, g.Count(), MeanStd.Of(counts.Select(c => c.F1)), MeanStd.Of(counts.Select(c => c.Precision)), MeanStd.Of(counts.Select(c => c.Recall)), counts.Select(c => Math.Round(c.F1, 4)).ToList());
            }).ToList();
            var time = folds.Average(f => f.SecondsPerMegapixel[variant.Name]);
            return new VariantScores(variant.Name, variant.Stride, variant.TestTimeAugmentation, dataSets, scores, chosen, pooled.F1, time);
        }).ToList();
        return new CrossValidationReport(plan, MeanStd.Of(folds.Select(f => f.TrainingSeconds)), variants, folds);
    }

    public string ToJson() => JsonSerializer.Serialize(this, CrossValidationPlan.Json);

    public string ToMarkdown()
    {
        var training = Plan.Training;
        var text = new StringBuilder();
        void Line(FormattableString line) => text.AppendLine(line.ToString(CultureInfo.InvariantCulture));
        Line($"# Cross-validation: {Plan.Folds} folds by image, seed {Plan.Seed}, {Plan.Images.Count} images");
        Line($"");
        Line($"Recipe: {Plan.DescribeRecipe()}; peak radii {string.Join(',', Plan.Evaluation.PeakRadii)}, precision {Plan.Evaluation.Precision}.");
        Line($"Training: {TrainingSeconds.Mean:0} ± {TrainingSeconds.StandardDeviation:0} s per fold (best epochs {string.Join(", ", Folds.Select(f => $"{f.BestEpoch}/{f.EpochsRun}"))}).");
        foreach (var variant in Variants)
        {
            Line($"");
            Line($"## {variant.Variant} (stride {variant.Stride}{(variant.TestTimeAugmentation ? ", maps of the 8 flips/rotations averaged" : "")}): {variant.SecondsPerMegapixel:0.###} s per megapixel");
            Line($"");
            Line($"Operating point chosen on all folds: peak radius {variant.Chosen.PeakRadius}, threshold {Threshold(variant.Chosen)} (pooled F1 {variant.PooledF1:0.0000}); per fold, on the others: {string.Join(", ", variant.Folds.Select(f => $"{f.Chosen.PeakRadius}/{Threshold(f.Chosen)}"))}.");
            Line($"");
            Line($"| data set | images | F1 | precision | recall | F1 per fold |");
            Line($"|---|---|---|---|---|---|");
            foreach (var set in variant.DataSets)
            {
                Line($"| {set.DataSet} | {set.Images} | {Format(set.F1)} | {Format(set.Precision)} | {Format(set.Recall)} | {string.Join(", ", set.FoldF1.Select(f => f.ToString("0.000", CultureInfo.InvariantCulture)))} |");
            }
        }
        Line($"");
        Line($"Each fold is scored (strict one-to-one matching within 5 px, as `celldetect evaluate`) at the peak radius and threshold chosen on the other folds' held-out images; ± is the standard deviation over folds (divisor n).");
        return text.ToString();
    }

    /// <summary>The threshold, or what an unbounded one means: the models found no peak at all.</summary>
    private static string Threshold(OperatingPoint point) =>
        double.IsFinite(point.Threshold) ? point.Threshold.ToString("0.####", CultureInfo.InvariantCulture) : "none (no detections)";

    private static string Format(MeanStd value) => string.Create(CultureInfo.InvariantCulture, $"{value.Mean:0.000} ± {value.StandardDeviation:0.000}");
}
