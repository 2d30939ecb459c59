using System.CommandLine;
using System.Globalization;
using CellDetect.Cli.Data;
using CellDetect.Cli.Training;
using CellDetect.Core.Augmentation;
using CellDetect.Core.Datasets;
using CellDetect.Core.Detection;
using CellDetect.Core.Evaluation;
using CellDetect.Core.Imaging;
using CellDetect.Model;
using CellDetect.Model.Files;
using CellDetect.Model.Network;
using CellDetect.Imaging.Images;
using CellDetect.Pipeline;

namespace CellDetect.Cli.Commands;

/// <summary>What <c>celldetect calibrate</c> was asked to do; a null Out rewrites the model file, null PeakRadii keeps the model's radius.</summary>
public sealed record CalibrateOptions(string Model, IReadOnlyList<string> Images, int Stride, string? Out, IReadOnlyList<int>? PeakRadii, string? FromCrossval = null, string? Variant = null);

/// <summary>
/// <c>celldetect calibrate --model M --images DIR [--images DIR2] --stride S [--peak-radii 1,2,3] [--out MODEL]</c>:
/// sets a model's default stride and re-chooses its threshold (and, given candidates, its peak radius) for the best F1 at that stride, on the model's
/// own validation images found in the folders (or on all annotated images there when the model lists none).
/// <c>calibrate --model M --from-crossval OUT/report.json [--variant s4]</c> instead ships what cross-validation chose: the variant's
/// stride, and the peak radius and threshold chosen on all folds, and records the recipe's cross-validated F1 in the model.
/// </summary>
public sealed class CalibrateCommand(AnnotatedImageFolder folder, ModelCatalog catalog, ImageFileReader reader) : ICliCommand
{
    private const double SweepFloor = 0.05;

    public Command Definition()
    {
        var model = Define.Text("--model", "the .cdmodel file to calibrate (rewritten unless --out is given)", "file", required: true);
        var images = Define.Repeated("--images", "folder of images with NAME.csv point files; the model's validation images in it are used (all annotated images when the model lists none)", defaultText: "none: --from-crossval is given instead");
        var stride = Define.WholeNumber("--stride", "the stride to make the model's default", 1, 64, 4);
        var outPath = Define.Text("--out", "write the calibrated model here instead", "file", defaultText: "--model");
        var radii = Define.WholeNumbers("--peak-radii", "candidate peak radii to choose from along with the threshold", 1, 64, defaultText: "the model's peak radius only");
        var fromCrossval = Define.Text("--from-crossval", "a crossval report.json of the recipe the model was trained with: take the stride, peak radius and threshold it chose on all folds, and record its cross-validated F1 in the model", "file", defaultText: "choose on --images");
        var variant = Define.Text("--variant", "with --from-crossval: the report's detection variant to ship (s4, s8, ...; not a -tta one)", "name", defaultText: "the report's first");
        var command = new Command("calibrate", "set a model's default stride and re-choose its threshold on annotated images, or take them from a cross-validation")
        {
            model, images, stride, outPath, radii, fromCrossval, variant,
        };
        Define.Body(command, (r, output, error) => Run(new CalibrateOptions(r.GetValue(model)!, r.GetValue(images) ?? [], r.GetValue(stride), r.GetValue(outPath), r.GetValue(radii)?.Items, r.GetValue(fromCrossval), r.GetValue(variant)), output, error));
        return command;
    }

    public int Run(CalibrateOptions options, TextWriter output, TextWriter error)
    {
        var modelPath = options.Model;
        var directories = options.Images;
        var stride = options.Stride;
        var outPath = options.Out ?? modelPath;
        var radii = options.PeakRadii ?? [];
        if (!File.Exists(modelPath))
        {
            throw new UsageException($"--model must be a model file to rewrite; '{modelPath}' is not one (built-in models are calibrated in the source tree).");
        }
        if ((options.FromCrossval is null) == (directories.Count == 0))
        {
            throw new UsageException("give either --images (choose on annotated images) or --from-crossval (take what a cross-validation chose), not both.");
        }
        TorchRuntime.ConfigureThreads();
        var pipeline = new DetectionPipeline(catalog, reader, ComputeDevice.Cpu);
        var model = pipeline.Model(modelPath);
        if (options.FromCrossval is { } report)
        {
            return CalibrateFromCrossValidation(model, CrossValidationResult.Read(report), options.Variant, outPath, output);
        }
        var listed = model.Metadata.Training?.ValidationImages.ToHashSet(StringComparer.Ordinal) ?? new HashSet<string>();
        var samples = new List<(string Name, PlanarImage Image, IReadOnlyList<CellPoint> Cells)>();
        foreach (var directory in directories)
        {
            var dataSet = AnnotatedImageFolder.DataSetName(directory);
            foreach (var path in AnnotatedImageFolder.AnnotatedImages(directory))
            {
                var name = Path.GetFileNameWithoutExtension(path);
                if (listed.Count == 0 || listed.Contains($"{dataSet}/{name}"))
                {
                    var (image, cells) = folder.Load(path);
                    samples.Add((name, image, cells));
                }
            }
        }
        if (samples.Count == 0)
        {
            throw new UsageException("None of the model's validation images are in the given folders.");
        }
        // Each candidate peak radius is swept over thresholds; the best (radius, threshold) pair wins.
        var candidates = radii.Count == 0 ? new List<int> { model.Metadata.PeakRadius } : radii;
        var (bestRadius, best) = candidates
            .Select(radius => (Radius: radius, Point: ThresholdSweep.Sweep(samples.Select(s => new EvaluationImage(s.Name, s.Cells, pipeline.Detect(DetectionInput.FromImage(s.Image, s.Name), new DetectionRequest { Model = modelPath, Stride = stride, Threshold = SweepFloor, PeakRadius = radius }).Cells)).ToList()).Best))
            .OrderByDescending(c => c.Point.Counts.F1)
            .First();
        var threshold = double.IsFinite(best.Threshold) ? Math.Round(best.Threshold, 4) : model.Metadata.Threshold;
        ModelFile.Save(outPath, model.Network, model.Metadata with { Stride = stride, Threshold = threshold, PeakRadius = bestRadius });
        output.WriteLine($"{Path.GetFileName(outPath)}: stride {stride}, peak radius {bestRadius}, threshold {threshold:0.####}: F1 {best.Counts.F1:0.0000} (P {best.Counts.Precision:0.000}, R {best.Counts.Recall:0.000}) on {samples.Count} images");
        return 0;
    }

    /// <summary>
    /// Ships the operating point a cross-validation chose on all folds and records the recipe's scores. The report must be of the
    /// recipe the model was trained with (network, augmentations, cell diameter, data sets), or its figures would describe another model.
    /// </summary>
    private static int CalibrateFromCrossValidation(LoadedModel model, CrossValidationResult result, string? variantName, string outPath, TextWriter output)
    {
        var metadata = model.Metadata;
        var training = result.Plan.Training;
        var problems = new List<string>();
        if (metadata.Training is { } summary)
        {
            var augmentation = TrainingAugmentationNames.Describe(training.Augmentations);
            if (summary.Augmentation != augmentation)
            {
                problems.Add($"the report's models were trained with augmentation '{augmentation}', this model with '{summary.Augmentation}'");
            }
            var reportSets = result.Plan.Images.Select(i => i.DataSet).Distinct().Order(StringComparer.Ordinal).ToList();
            if (!reportSets.SequenceEqual(summary.DataSets.Order(StringComparer.Ordinal)))
            {
                problems.Add($"the report is of data sets {string.Join(", ", reportSets)}, the model was trained on {string.Join(", ", summary.DataSets)}");
            }
        }
        var reportArchitecture = training.Architecture ?? NetworkArchitecture.Paper;
        if (reportArchitecture != model.Network.Architecture)
        {
            problems.Add($"the report's models are {reportArchitecture} networks, this model is a {model.Network.Architecture} network");
        }
        var trainedAt = metadata.CellDiameterPixels;
        if (training.CellDiameter is { } diameter && (trainedAt is null || Math.Abs(diameter - trainedAt.Value) > 0.01))
        {
            problems.Add($"the report's models were trained at cells {diameter} px across, this model at {(trainedAt is { } at ? $"{at} px" : "the images' own scale")}");
        }
        else if (training.CellDiameter is not null && (metadata.CellDiameterSource ?? CellDiameterSource.Clicks) != training.DiameterSource)
        {
            problems.Add($"the report's models measured each image's cells by {Words(training.DiameterSource)}, this model by {Words(metadata.CellDiameterSource ?? CellDiameterSource.Clicks)}");
        }
        if (problems.Count > 0)
        {
            throw new UsageException($"--from-crossval: {string.Join("; ", problems)}.");
        }
        var variants = result.Variants;
        var variant = variantName is null ? variants[0] : variants.FirstOrDefault(v => v.Name == variantName)
            ?? throw new UsageException($"--variant {variantName}: the report has {string.Join(", ", variants.Select(v => v.Name))}.");
        if (variant.TestTimeAugmentation)
        {
            throw new UsageException($"--variant {variant.Name}: its threshold is for maps averaged over 8 flips/rotations, which a model's defaults cannot ask for (detect --tta does); choose a plain variant.");
        }
        if (!double.IsFinite(variant.Threshold))
        {
            throw new UsageException($"--variant {variant.Name}: the fold models found no cells, so the report chose no threshold.");
        }
        var crossValidation = new CrossValidationSummary
        {
            Folds = result.Plan.Folds,
            Seed = result.Plan.Seed,
            Recipe = result.Plan.DescribeRecipe(),
            Variant = variant.Name,
            Stride = variant.Stride,
            DataSets = variant.DataSets,
        };
        ModelFile.Save(outPath, model.Network, metadata with
        {
            Stride = variant.Stride,
            PeakRadius = variant.PeakRadius,
            Threshold = Math.Round(variant.Threshold, 4),
            Training = (metadata.Training ?? new TrainingSummary()) with { CrossValidation = crossValidation },
        });
        var scores = string.Join(", ", variant.DataSets.Select(s => string.Create(CultureInfo.InvariantCulture, $"{s.DataSet} {s.F1Mean:0.000} ± {s.F1StandardDeviation:0.000}")));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{Path.GetFileName(outPath)}: stride {variant.Stride}, peak radius {variant.PeakRadius}, threshold {variant.Threshold:0.####} as chosen on all {result.Plan.Folds} folds ({variant.Name}); cross-validated F1 {scores}"));
        return 0;
    }

    private static string Words(CellDiameterSource source) => source == CellDiameterSource.Image ? "the image's estimate" : "the clicks";
}
