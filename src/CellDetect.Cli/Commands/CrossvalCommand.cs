using System.CommandLine;
using System.Globalization;
using CellDetect.Cli.Data;
using CellDetect.Cli.Training;
using CellDetect.Model;
using CellDetect.Model.Files;
using CellDetect.Pipeline;

namespace CellDetect.Cli.Commands;

/// <summary>What <c>celldetect crossval</c> was asked to do.</summary>
public sealed record CrossvalOptions(IReadOnlyList<string> Images, string Out, int Folds, int Seed, IReadOnlyList<int> Strides, IReadOnlyList<int> PeakRadii, bool TestTimeAugmentation, string Precision, TrainingChoices Training, bool DiameterFromImage, string CommandLine);

/// <summary>
/// <c>celldetect crossval --images DIR [--images DIR2 ...] --out DIR [--folds 5] [--seed S] [train options]</c>: k-fold
/// cross-validation by image, stratified by folder; one model per fold, trained as <c>train</c> trains, its held-out
/// images scored as <c>evaluate</c> scores, the peak radius and threshold chosen by cross-validation; OUT/report.json
/// and OUT/report.md. Running it again resumes: finished folds are kept.
/// </summary>
public sealed class CrossvalCommand(AnnotatedImageFolder folder, CrossValidation crossValidation) : ICliCommand
{
    public Command Definition()
    {
        var images = Define.Repeated("--images", "folder of images with NAME.csv point files (cell centres); each folder is a data set, spread evenly over the folds and reported on its own");
        var outDirectory = Define.Text("--out", "folder for plan.json, fold-N/ (model, held-out detections, fold.json), report.json and report.md; a finished fold found there is kept", "dir", required: true);
        var folds = Define.WholeNumber("--folds", "folds (models trained), each holding out about 1/k of every folder's images", 2, 50, 5);
        var seed = Define.WholeNumber("--seed", "seed of the folds and of each fold's validation split", int.MinValue, int.MaxValue, 1);
        var strides = Define.WholeNumbers("--strides", "scan strides of the held-out detections, each reported on its own", 1, DetectionRequest.MaxStride, [4]);
        var peakRadii = Define.WholeNumbers("--peak-radii", "candidate peak radii, chosen by cross-validation along with the threshold", 1, 32, [3]);
        var tta = Define.Flag("--tta", "also detect the held-out images with test-time augmentation (the 8 flips/rotations averaged) and report both");
        var heldOutDiameter = Define.Choice("--held-out-diameter", "with --cell-diameter: the cell diameter each held-out image is rescaled by: clicks (its folder's, estimated from the fold's training clicks) or image (estimated from the image alone, as for an uncalibrated image a user gives)", ["clicks", "image"], "clicks");
        var precision = Define.Choice("--precision", "number format of the held-out detections: auto takes bfloat16 on CPUs with AVX512-BF16, as detect does", ["auto", "float32", "bfloat16"], "auto");
        var shared = new TrainingOptionSet();
        var command = new Command("crossval", "k-fold cross-validation of a training recipe: F1, precision and recall per folder, mean ± sd over folds") { images, outDirectory, folds, seed, strides, peakRadii, tta, heldOutDiameter, precision };
        foreach (var option in shared.All)
        {
            command.Add(option);
        }
        Define.Body(command, (r, output, error) => Run(
            new CrossvalOptions(r.GetValue(images)!, r.GetValue(outDirectory)!, r.GetValue(folds), r.GetValue(seed), r.GetValue(strides)!.Items, r.GetValue(peakRadii)!.Items, r.GetValue(tta), r.GetValue(precision)!, shared.Read(r), r.GetValue(heldOutDiameter) == "image", TrainCommand.CommandLine(r)),
            output,
            error));
        return command;
    }

    public int Run(CrossvalOptions options, TextWriter output, TextWriter error)
    {
        var samples = new List<Model.Training.TrainingSample>();
        foreach (var directory in options.Images)
        {
            var (dataSet, loaded) = folder.LoadDataSet(directory);
            if (samples.Any(s => s.DataSet == dataSet))
            {
                throw new UsageException($"--images {directory}: data set {dataSet} is given twice.");
            }
            if (loaded.Count < 2)
            {
                throw new UsageException($"--images {directory}: cross-validation needs at least 2 annotated images per folder, {dataSet} has {loaded.Count}.");
            }
            samples.AddRange(loaded);
            output.WriteLine($"{dataSet}: {loaded.Count} images");
        }
        // The resolved number format is part of the plan: "auto" would mean another format on another machine.
        var precision = ComputeDevice.Resolve("cpu", options.Precision).Precision.OptionName();
        var evaluation = new CrossValidationEvaluation(options.Strides.Distinct().ToList(), options.PeakRadii.Distinct().ToList(), options.TestTimeAugmentation, precision, options.DiameterFromImage);
        var report = crossValidation.Run(
            new CrossValidationRequest(samples, options.Folds, options.Seed, options.Training, evaluation, options.Out, options.CommandLine),
            output,
            error);
        foreach (var variant in report.Variants)
        {
            foreach (var set in variant.DataSets)
            {
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{variant.Variant} {set.DataSet}: F1 {set.F1.Mean:0.000} ± {set.F1.StandardDeviation:0.000}, precision {set.Precision.Mean:0.000} ± {set.Precision.StandardDeviation:0.000}, recall {set.Recall.Mean:0.000} ± {set.Recall.StandardDeviation:0.000} over {set.F1.Count} folds"));
            }
        }
        output.WriteLine($"report: {Path.Combine(options.Out, "report.md")}");
        return 0;
    }
}
