using CellDetect.Cli.Commands;
using CellDetect.Core.Augmentation;
using CellDetect.Core.Datasets;
using CellDetect.Core.Imaging;
using CellDetect.Model;
using CellDetect.Model.Files;
using CellDetect.Model.Inference;
using CellDetect.Model.Network;
using CellDetect.Model.Training;

namespace CellDetect.Cli.Training;

/// <summary>
/// Trains one model and saves it with its metadata: the one path behind <c>train</c> and every fold of <c>crossval</c>.
/// Each data set's typical cell diameter is estimated from the clicks of a few of its training images; with a target
/// diameter every image is first rescaled to it (points with it), else the common diameter is recorded when the data
/// sets agree. The caller holds the output's write lock (<see cref="ModelWriteLock"/>).
/// </summary>
public sealed class ModelTraining(ModelCatalog catalog)
{
    /// <summary>Images per data set whose clicks the cell diameter is estimated from: enough for a median, seconds of work.</summary>
    private const int DiameterSampleImages = 4;

    /// <summary>Data sets whose diameters are within this factor of their median share one recorded diameter.</summary>
    private const double CommonDiameterTolerance = 1.25;

    public TrainedModel Run(TrainingRequest request, TextWriter output, TextWriter error)
    {
        var choices = request.Choices;
        var initial = choices.Init is null ? null : catalog.Get(choices.Init, ComputeDevice.Cpu);
        var head = choices.Head ?? initial?.Metadata.Head ?? NetworkHead.StructuredRegression;
        if (initial is not null && initial.Metadata.Head != head)
        {
            throw new UsageException($"--init {choices.Init} has head {initial.Metadata.Head}, not {head}.");
        }
        var architecture = choices.Architecture ?? initial?.Network.Architecture ?? NetworkArchitecture.Paper;
        if (initial is not null && initial.Network.Architecture != architecture)
        {
            throw new UsageException($"--init {choices.Init} is a {initial.Network.Architecture} network, not --architecture {architecture}.");
        }
        if (architecture != NetworkArchitecture.Paper && head != NetworkHead.StructuredRegression)
        {
            throw new UsageException($"--architecture {architecture} regresses the whole proximity map: it takes --head sr only, not {head}.");
        }
        var channels = choices.Channels ?? initial?.Metadata.Channels ?? (request.Training.Any(s => s.Image.Channels == 1) ? ChannelMapping.Gray : ChannelMapping.Rgb);
        if (initial is not null && initial.Metadata.Channels != channels)
        {
            throw new UsageException($"--init {choices.Init} takes {initial.Metadata.Channels} input, not --channels {channels}.");
        }
        var options = new TrainingOptions
        {
            Name = request.Name,
            Architecture = architecture,
            Head = head,
            Channels = channels,
            OutputsPerCropSide = choices.CropPatches ?? new TrainingOptions().OutputsPerCropSide,
            Epochs = choices.Epochs,
            StepsPerEpoch = choices.StepsPerEpoch,
            CropsPerStep = choices.CropsPerStep,
            Optimizer = choices.Optimizer,
            LearningRate = choices.LearningRate ?? (choices.Optimizer == "sgd" ? 5e-4 : 2e-4),
            Schedule = choices.Schedule,
            Patience = choices.Patience,
            Seed = choices.SamplingSeed ?? request.Seed,
            Augmentations = choices.Augmentations,
            Sampling = choices.Sampling,
            CheckpointPath = request.Out + ".checkpoint",
            Resume = request.Resume,
            TimeLimit = choices.TimeLimitMinutes is { } minutes ? TimeSpan.FromMinutes(minutes) : null,
        };
        if (initial is not null)
        {
            // Fine-tuning keeps the input preparation the weights were trained for.
            options = options with { InitialNetwork = initial.Network, Normalization = initial.Metadata.Normalization, PeakRadius = initial.Metadata.PeakRadius };
        }
        options.Validate();
        TorchRuntime.ConfigureThreads(choices.Threads);

        var diameters = EstimateDiameters(request.Training);
        output.WriteLine($"cell diameter estimated from the clicks: {string.Join(", ", diameters.Select(d => $"{d.Key} {d.Value:0.#} px"))}");
        var scaleOf = choices.CellDiameter is { } target ? ScaleRule(choices.DiameterSource, diameters, request.Estimates ?? new ImageCellDiameters(), target) : null;
        var (training, validation, diameter) = scaleOf is not null
            ? (Rescaled(request.Training, scaleOf, output), Rescaled(request.Validation, scaleOf, output: null), choices.CellDiameter)
            : (request.Training, request.Validation, CommonDiameter(diameters, output));
        options = options with { InputScale = choices.CellDiameter is { } cells ? $"cells {cells} px across by {SourceWords(choices.DiameterSource)}" : RunFingerprint.OwnScale };
        output.WriteLine($"training {options.Name}: {architecture} network, head {head}, channels {channels}, augmentation {TrainingAugmentationNames.Format(options.Augmentations)}, {training.Sum(s => s.Cells.Count)} cells in {training.Count} images; validating on {validation.Count}");

        var result = new Trainer(options).Train(training, validation, choices.Quiet ? null : ProgressBar(error));
        // The trained network is freed once it is saved, not left to the finalizer; callers get the figures and the file.
        using var network = result.Network;
        var metadata = ModelFile.Save(request.Out, result.Network, new ModelMetadata
        {
            Name = options.Name,
            Head = head,
            Channels = channels,
            Normalization = options.Normalization,
            PixelSizeMicrons = CommonPixelSize(training),
            CellDiameterPixels = diameter is { } d ? Math.Round(d, 2) : null,
            CellDiameterSource = choices.CellDiameter is null ? null : choices.DiameterSource,
            Threshold = Math.Round(result.Threshold, 4),
            Stride = 4,
            PeakRadius = options.PeakRadius,
            WeightPrecision = request.Weights,
            Training = new TrainingSummary
            {
                DataSets = training.Select(s => s.DataSet).Distinct().ToList(),
                TrainingImages = training.Count,
                TrainingCells = training.Sum(s => s.Cells.Count),
                ValidationImages = validation.Select(s => $"{s.DataSet}/{s.Name}").ToList(),
                Seed = request.Seed,
                Epochs = result.EpochsRun,
                BestEpoch = result.BestEpoch,
                Optimizer = options.Optimizer,
                LearningRate = options.LearningRate,
                LearningRateSchedule = options.Schedule.Describe(options.Epochs),
                Sampling = Trainer.DescribeSampling(options.Sampling, options.OutputsPerCropSide),
                Augmentation = TrainingAugmentationNames.Describe(options.Augmentations),
                ValidationF1 = Math.Round(result.ValidationF1, 4),
                TrainingSeconds = Math.Round(result.TrainingSeconds, 1),
                Command = request.Command,
                InitialModel = initial is null ? null : $"{initial.Metadata.Name} ({choices.Init})",
            },
        });
        foreach (var leftover in new[] { options.CheckpointPath, options.CheckpointPath + ".best", options.CheckpointPath + ".optimizer" })
        {
            File.Delete(leftover);
        }
        return new TrainedModel(metadata, result, diameters);
    }

    /// <summary>The median cell diameter of each data set, from the clicks of a few of its images spread over the set.</summary>
    public static IReadOnlyDictionary<string, double> EstimateDiameters(IReadOnlyList<TrainingSample> samples)
    {
        var diameters = new SortedDictionary<string, double>(StringComparer.Ordinal);
        foreach (var dataSet in samples.GroupBy(s => s.DataSet, StringComparer.Ordinal))
        {
            var images = dataSet.ToList();
            var step = Math.Max(1, images.Count / DiameterSampleImages);
            var picked = images.Where((_, i) => i % step == 0).Take(DiameterSampleImages).Select(s => (s.Image, s.Cells));
            if (CellDiameterEstimator.Estimate(picked) is { } diameter)
            {
                diameters[dataSet.Key] = diameter;
            }
        }
        return diameters;
    }

    private static string SourceWords(CellDiameterSource source) => source == CellDiameterSource.Image ? "each image's estimate" : "each data set's clicks";

    /// <summary>
    /// The factor each image is resized by so that its cells are <paramref name="target"/> pixels across: by its data set's
    /// diameter at the clicks, or by its own estimate (the one detection makes), its data set's where the estimate finds nothing.
    /// </summary>
    private static Func<TrainingSample, double> ScaleRule(CellDiameterSource source, IReadOnlyDictionary<string, double> diameters, ImageCellDiameters estimates, double target) => sample =>
    {
        var clicks = diameters.TryGetValue(sample.DataSet, out var diameter) ? diameter : (double?)null;
        var measured = (source == CellDiameterSource.Image ? estimates.Of(sample.Image) : null) ?? clicks
            ?? throw new UsageException($"--cell-diameter: no cell of data set {sample.DataSet} lies inside its images, so its cell size is unknown.");
        return CellDetector.Snapped(target / measured);
    };

    /// <summary>The images resized by <paramref name="scaleOf"/>, their clicks moved with them; the factors per data set are said.</summary>
    private static IReadOnlyList<TrainingSample> Rescaled(IReadOnlyList<TrainingSample> samples, Func<TrainingSample, double> scaleOf, TextWriter? output)
    {
        var factors = samples.Select(scaleOf).ToList();
        output?.WriteLine($"rescaled: {string.Join(", ", samples.Select((s, i) => (s.DataSet, Factor: factors[i])).GroupBy(f => f.DataSet).Select(Range))}");
        return samples.Select((s, i) => Rescaled(s, factors[i])).ToList();
    }

    private static string Range(IGrouping<string, (string DataSet, double Factor)> dataSet)
    {
        var (low, high) = (dataSet.Min(f => f.Factor), dataSet.Max(f => f.Factor));
        return high - low < 1e-9 ? $"{dataSet.Key} x{low:0.###}" : $"{dataSet.Key} x{low:0.###} to x{high:0.###}";
    }

    private static TrainingSample Rescaled(TrainingSample sample, double scale)
    {
        if (scale == 1.0)
        {
            return sample;
        }
        var image = sample.Image;
        var (width, height) = (Math.Max(1, (int)Math.Round(image.Width * scale)), Math.Max(1, (int)Math.Round(image.Height * scale)));
        var (scaleX, scaleY) = (width / (double)image.Width, height / (double)image.Height);
        var pixelSize = image.PixelSize is { } size ? new PixelSize(size.XMicrons / scaleX, size.YMicrons / scaleY) : (PixelSize?)null;
        var cells = sample.Cells.Select(c => c with { X = BilinearResampler.ToResized(c.X, scaleX), Y = BilinearResampler.ToResized(c.Y, scaleY) }).ToList();
        return sample with { Image = BilinearResampler.Resize(image, width, height, pixelSize), Cells = cells, Scale = (sample.Scale.X * scaleX, sample.Scale.Y * scaleY) };
    }

    /// <summary>The data sets' median diameter when all are within 25% of it, else null (no diameter recorded), said either way.</summary>
    private static double? CommonDiameter(IReadOnlyDictionary<string, double> diameters, TextWriter output)
    {
        if (diameters.Count == 0)
        {
            return null;
        }
        var ordered = diameters.Values.Order().ToArray();
        var median = ordered[ordered.Length / 2];
        if (ordered.All(d => d <= median * CommonDiameterTolerance && d >= median / CommonDiameterTolerance))
        {
            return median;
        }
        output.WriteLine($"no cell diameter recorded in the model: the data sets' cells differ in size by more than {CommonDiameterTolerance - 1:0%} (--cell-diameter trains them at one size)");
        return null;
    }

    /// <summary>The training images' pixel size when they all agree within 5%, else null (no rescaling at detection).</summary>
    private static double? CommonPixelSize(IReadOnlyList<TrainingSample> samples)
    {
        var sizes = samples.Select(s => s.Image.PixelSize?.Mean).ToList();
        if (sizes.Any(s => s is null))
        {
            return null;
        }
        var mean = sizes.Average(s => s!.Value);
        return sizes.All(s => Math.Abs(s!.Value - mean) <= 0.05 * mean) ? mean : null;
    }

    private static IProgress<TrainingProgress> ProgressBar(TextWriter error)
    {
        var bar = new ConsoleProgress(error);
        return new SynchronousProgress<TrainingProgress>(p =>
        {
            var f1 = p.ValidationF1 is { } v ? $"val F1 {v:0.000} (best {p.BestValidationF1:0.000})" : $"best val F1 {p.BestValidationF1:0.000}";
            bar.Show((p.Epoch - 1 + p.Step / (double)p.StepsPerEpoch) / p.Epochs, $"epoch {p.Epoch}/{p.Epochs} step {p.Step}/{p.StepsPerEpoch} loss {p.Loss:0.0000} {f1} elapsed {ConsoleProgress.Duration(p.Elapsed)} left {ConsoleProgress.Duration(p.Remaining)}", p.ValidationF1 is not null);
        });
    }
}
