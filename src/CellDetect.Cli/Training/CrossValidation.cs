using System.Diagnostics;
using System.Text.Json;
using CellDetect.Cli.Commands;
using CellDetect.Core.Datasets;
using CellDetect.Core.Evaluation;
using CellDetect.Imaging;
using CellDetect.Imaging.Annotations;
using CellDetect.Imaging.Images;
using CellDetect.Model;
using CellDetect.Model.Files;
using CellDetect.Model.Training;
using CellDetect.Pipeline;

namespace CellDetect.Cli.Training;

/// <summary>
/// k-fold cross-validation: one model per fold, trained by <see cref="ModelTraining"/> on the other folds (their own
/// validation split choosing the epoch), its held-out fold detected by the <see cref="DetectionPipeline"/> down to a
/// low score for every evaluation variant (stride, with or without test-time augmentation) and candidate peak radius,
/// then the peak radius and threshold chosen by cross-validation (<see cref="CrossValidatedOperatingPoint"/>) and the
/// scores reported per data set and variant.
/// Resumable: OUT/plan.json fixes the run; a fold whose fold.json records the current evaluation is skipped, a fold
/// whose model exists is only detected again (as after a change of the evaluation settings), and a model killed while
/// training resumes from its checkpoint. Scores are always computed from the detection files, so a resumed run
/// reports exactly what an uninterrupted one would.
/// </summary>
public sealed class CrossValidation(ModelTraining training, ModelCatalog catalog, ImageFileReader reader)
{
    /// <summary>Detections are kept down to this score; the threshold is then chosen above it.</summary>
    private const double ScoreFloor = 0.05;

    public CrossValidationReport Run(CrossValidationRequest request, TextWriter output, TextWriter error)
    {
        Directory.CreateDirectory(request.Out);
        using var writing = ModelWriteLock.Acquire(Path.Combine(request.Out, "crossval"));
        var plan = Plan(request, output);
        var pipeline = new DetectionPipeline(catalog, reader, ComputeDevice.Resolve("cpu", request.Evaluation.Precision));
        var outcomes = new List<FoldOutcome>();
        var estimates = new ImageCellDiameters();
        for (int fold = 1; fold <= request.Folds; fold++)
        {
            var outcomePath = Path.Combine(FoldDirectory(request, fold), "fold.json");
            if (File.Exists(outcomePath) && JsonSerializer.Deserialize<FoldOutcome>(File.ReadAllText(outcomePath), CrossValidationPlan.Json) is { } done && plan.DetectsAs(done.Evaluation))
            {
                output.WriteLine($"fold {fold}/{request.Folds}: done before, skipped");
                outcomes.Add(done);
                continue;
            }
            var outcome = RunFold(request, plan, fold, pipeline, estimates, output, error);
            AtomicFile.WriteAllText(outcomePath, JsonSerializer.Serialize(outcome, CrossValidationPlan.Json));
            outcomes.Add(outcome);
        }
        var heldOut = request.Evaluation.Variants.ToDictionary(v => v.Name, v => HeldOutImages(request, plan, v));
        var report = CrossValidationReport.Build(plan, outcomes, heldOut);
        AtomicFile.WriteAllText(Path.Combine(request.Out, "report.json"), report.ToJson());
        AtomicFile.WriteAllText(Path.Combine(request.Out, "report.md"), report.ToMarkdown());
        return report;
    }

    /// <summary>
    /// The run's plan, written to OUT/plan.json, or checked against the plan already there: one that trains other
    /// models is refused; one that only detects otherwise is replaced (the folds then detect again).
    /// </summary>
    private static CrossValidationPlan Plan(CrossValidationRequest request, TextWriter output)
    {
        var folds = CrossValidationFolds.Assign(request.Images.Select(s => (s.DataSet, s.Name)), request.Folds, request.Seed);
        var images = request.Images.Select(s => new PlannedImage(s.DataSet, s.Name, folds[(s.DataSet, s.Name)] + 1)).ToList();
        var plan = new CrossValidationPlan(request.Folds, request.Seed, request.Training with { Threads = null, Quiet = false }, images, request.Evaluation);
        var path = Path.Combine(request.Out, "plan.json");
        if (File.Exists(path))
        {
            var differences = plan.DifferencesFrom(File.ReadAllText(path));
            var training = differences.Where(d => d != "evaluation").ToList();
            if (training.Count > 0)
            {
                throw new UsageException($"'{request.Out}' holds another cross-validation (it differs in {string.Join(", ", training)}); give another --out, or delete that folder to start over.");
            }
            if (differences.Count == 0)
            {
                return plan;
            }
            output.WriteLine("the evaluation settings changed: the trained fold models are kept and detect their held-out images again");
        }
        AtomicFile.WriteAllText(path, plan.ToJson());
        return plan;
    }

    private FoldOutcome RunFold(CrossValidationRequest request, CrossValidationPlan plan, int fold, DetectionPipeline pipeline, ImageCellDiameters estimates, TextWriter output, TextWriter error)
    {
        var foldOf = plan.Images.ToDictionary(i => (i.DataSet, i.Name), i => i.Fold);
        var heldOut = request.Images.Where(s => foldOf[(s.DataSet, s.Name)] == fold).ToList();
        var rest = request.Images.Where(s => foldOf[(s.DataSet, s.Name)] != fold).ToList();
        var validationNames = rest.GroupBy(s => s.DataSet, StringComparer.Ordinal)
            .SelectMany(g => ValidationSplit.Split(g.Select(s => s.Name), request.Training.ValFraction, request.Seed).Validation.Select(name => (g.Key, name)))
            .ToHashSet();
        var validation = rest.Where(s => validationNames.Contains((s.DataSet, s.Name))).ToList();
        var trainingImages = rest.Where(s => !validationNames.Contains((s.DataSet, s.Name))).ToList();
        output.WriteLine($"fold {fold}/{request.Folds}: {trainingImages.Count} training, {validation.Count} validation, {heldOut.Count} held-out images");

        var modelPath = Path.Combine(FoldDirectory(request, fold), "model.cdmodel");
        var diameters = File.Exists(modelPath)
            ? ModelTraining.EstimateDiameters(trainingImages)
            : training.Run(new TrainingRequest(trainingImages, validation, request.Training, request.Seed, modelPath, $"fold-{fold}", ResumePolicy.IfCompatible, "float32", request.Command, estimates), output, error).CellDiameters;
        var metadata = pipeline.Model(modelPath).Metadata;
        var seconds = new Dictionary<string, double>(StringComparer.Ordinal);
        var cellDiameters = HeldOutCellDiameters(request, heldOut, diameters);
        foreach (var variant in request.Evaluation.Variants)
        {
            seconds[variant.Name] = Detect(request, fold, variant, heldOut, cellDiameters, modelPath, pipeline);
            output.WriteLine($"fold {fold}/{request.Folds}: held-out images detected ({variant.Name}, {seconds[variant.Name]:0.###} s per megapixel)");
        }
        var summary = metadata.Training!;
        return new FoldOutcome(fold, trainingImages.Count, validation.Select(s => $"{s.DataSet}/{s.Name}").ToList(), heldOut.Count, summary.TrainingSeconds, summary.BestEpoch, summary.Epochs,
            summary.ValidationF1, metadata.Threshold, diameters, request.Evaluation, seconds);
    }

    /// <summary>
    /// Each held-out image's cell diameter for its detections, and the seconds it took. An estimate from the image is
    /// detection work, so it is made (once per fold, for every variant and radius) and timed here, not taken from the
    /// estimates made while other folds trained on the image (which would leave it out of every fold's time but the first).
    /// </summary>
    private static (IReadOnlyDictionary<TrainingSample, double?> Diameters, double Seconds) HeldOutCellDiameters(
        CrossValidationRequest request, IReadOnlyList<TrainingSample> heldOut, IReadOnlyDictionary<string, double> diameters)
    {
        var clock = Stopwatch.StartNew();
        var cellDiameters = heldOut.ToDictionary(s => s, s => request.Training.CellDiameter is null ? null
            : request.Evaluation.DiameterFromImage ? CellDiameterEstimator.EstimateFromImage(s.Image) ?? diameters[s.DataSet]
            : (double?)diameters[s.DataSet]);
        return (cellDiameters, clock.Elapsed.TotalSeconds);
    }

    /// <summary>
    /// Writes the held-out detections of one variant for every candidate peak radius; returns the seconds per megapixel of
    /// the first radius's pass, the cell diameters' estimate included (each variant, detected alone, would pay it).
    /// </summary>
    private static double Detect(CrossValidationRequest request, int fold, EvaluationVariant variant, IReadOnlyList<TrainingSample> heldOut,
        (IReadOnlyDictionary<TrainingSample, double?> Diameters, double Seconds) cellDiameters, string modelPath, DetectionPipeline pipeline)
    {
        var radii = request.Evaluation.PeakRadii;
        double seconds = cellDiameters.Seconds, megapixels = 0;
        var clock = new Stopwatch();
        foreach (var radius in radii)
        {
            foreach (var sample in heldOut)
            {
                var detection = new DetectionRequest
                {
                    Model = modelPath,
                    Stride = variant.Stride,
                    Threshold = ScoreFloor,
                    PeakRadius = radius,
                    TestTimeAugmentation = variant.TestTimeAugmentation,
                    CellDiameterPixels = cellDiameters.Diameters[sample],
                };
                clock.Restart();
                var outcome = pipeline.Detect(DetectionInput.FromImage(sample.Image, sample.Name), detection);
                if (radius == radii[0])
                {
                    seconds += clock.Elapsed.TotalSeconds;
                    megapixels += sample.Image.PlaneLength / 1e6;
                }
                var path = DetectionsPath(request, fold, variant, radius, sample.DataSet, sample.Name);
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                PointsCsv.Write(path, outcome.Cells, includeScore: true);
            }
        }
        return seconds / megapixels;
    }

    /// <summary>Every image with its detections read back from the folds' files, for one variant.</summary>
    private static IReadOnlyList<HeldOutImage> HeldOutImages(CrossValidationRequest request, CrossValidationPlan plan, EvaluationVariant variant)
    {
        var byName = request.Images.ToDictionary(s => (s.DataSet, s.Name));
        return plan.Images.Select(i => new HeldOutImage(i.DataSet, i.Name, i.Fold, byName[(i.DataSet, i.Name)].Cells,
            request.Evaluation.PeakRadii.ToDictionary(r => r, r => PointsCsv.Read(DetectionsPath(request, i.Fold, variant, r, i.DataSet, i.Name))))).ToList();
    }

    private static string FoldDirectory(CrossValidationRequest request, int fold) => Path.Combine(request.Out, $"fold-{fold}");

    /// <summary>OUT/fold-N/detections/VARIANT/rRADIUS/DATASET/NAME.csv: a folder <c>celldetect evaluate</c> can score as it is.</summary>
    private static string DetectionsPath(CrossValidationRequest request, int fold, EvaluationVariant variant, int radius, string dataSet, string name) =>
        Path.Combine(FoldDirectory(request, fold), "detections", variant.Name, $"r{radius}", dataSet, name + ".csv");
}
