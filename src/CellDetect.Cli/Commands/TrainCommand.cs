using System.Globalization;
using CellDetect.Cli.Data;
using CellDetect.Core.Datasets;
using CellDetect.Core.Imaging;
using CellDetect.Model;
using CellDetect.Model.Files;
using CellDetect.Model.Network;
using CellDetect.Model.Training;

namespace CellDetect.Cli.Commands;

/// <summary><c>celldetect train --images DIR [--images DIR2 ...] --out MODEL</c>: trains and saves a model file.</summary>
public sealed class TrainCommand(AnnotatedImageFolder folder, ModelCatalog catalog) : ICliCommand
{
    public string Name => "train";

    public string Summary => "train a model on folders of images with NAME.csv cell centres";

    public int Run(CommandArguments arguments, TextWriter output, TextWriter error)
    {
        var directories = arguments.Options("images");
        if (directories.Count == 0)
        {
            throw new UsageException("Give at least one --images DIR (images with NAME.csv point files beside them).");
        }
        var outPath = arguments.RequiredOption("out");
        var fraction = arguments.Number("val-fraction", 0.2);
        var seed = arguments.Integer("seed", 1);
        var initName = arguments.Option("init");
        var initial = initName is null ? null : catalog.Get(initName, ComputeDevice.Cpu);
        var head = arguments.Option("head") is { } headName ? ParseHead(headName) : initial?.Metadata.Head ?? NetworkHead.StructuredRegression;
        if (initial is not null && initial.Metadata.Head != head)
        {
            throw new UsageException($"--init {initName} has head {initial.Metadata.Head}, not {head}.");
        }
        var channelsOption = arguments.Option("channels") ?? "auto";
        var timeLimit = arguments.Option("time-limit-minutes") is { } minutes ? TimeSpan.FromMinutes(double.Parse(minutes, CultureInfo.InvariantCulture)) : (TimeSpan?)null;
        var options = new TrainingOptions
        {
            Name = arguments.Option("name") ?? Path.GetFileNameWithoutExtension(outPath),
            Head = head,
            Epochs = arguments.Integer("epochs", 30),
            StepsPerEpoch = arguments.Integer("steps-per-epoch", 150),
            CropsPerStep = arguments.Integer("crops-per-step", 8),
            Optimizer = arguments.Option("optimizer") ?? "adam",
            LearningRate = arguments.Number("lr", arguments.Option("optimizer") == "sgd" ? 5e-4 : 2e-4),
            Patience = arguments.Integer("patience", 8),
            Seed = arguments.Integer("sampling-seed", seed),
            CheckpointPath = outPath + ".checkpoint",
            Resume = arguments.Flag("no-resume") ? ResumePolicy.Never : arguments.Flag("resume") ? ResumePolicy.Require : ResumePolicy.IfCompatible,
            TimeLimit = timeLimit,
        };
        if (initial is not null)
        {
            // Fine-tuning keeps the input preparation the weights were trained for.
            options = options with { InitialNetwork = initial.Network, Normalization = initial.Metadata.Normalization, PeakRadius = initial.Metadata.PeakRadius };
        }
        var precision = arguments.Option("weights") ?? "float16";
        var threads = arguments.Option("threads") is { } t ? int.Parse(t, CultureInfo.InvariantCulture) : (int?)null;
        var quiet = arguments.Flag("quiet");
        arguments.RejectUnknown();
        TorchRuntime.ConfigureThreads(threads);
        // Before reading any image, and until the model is saved: a second run to this --out stops here.
        using var writing = ModelWriteLock.Acquire(outPath);

        var training = new List<TrainingSample>();
        var validation = new List<TrainingSample>();
        foreach (var directory in directories)
        {
            var dataSet = DataSetName(directory);
            var images = AnnotatedImageFolder.AnnotatedImages(directory);
            if (images.Count == 0)
            {
                throw new UsageException($"No images with NAME.csv point files in '{directory}'.");
            }
            var split = ValidationSplit.Split(images.Select(p => Path.GetFileNameWithoutExtension(p)), fraction, seed);
            var validationNames = split.Validation.ToHashSet();
            foreach (var path in images)
            {
                var (image, cells) = folder.Load(path);
                var sample = new TrainingSample(Path.GetFileNameWithoutExtension(path), dataSet, image, cells);
                (validationNames.Contains(sample.Name) ? validation : training).Add(sample);
            }
            output.WriteLine($"{dataSet}: {images.Count - validationNames.Count} training, {validationNames.Count} validation images");
        }
        var channels = channelsOption switch
        {
            "rgb" => ChannelMapping.Rgb,
            "gray" => ChannelMapping.Gray,
            "auto" => initial?.Metadata.Channels ?? (training.Any(s => s.Image.Channels == 1) ? ChannelMapping.Gray : ChannelMapping.Rgb),
            _ => throw new UsageException($"--channels must be rgb, gray or auto, not '{channelsOption}'."),
        };
        if (initial is not null && initial.Metadata.Channels != channels)
        {
            throw new UsageException($"--init {initName} takes {initial.Metadata.Channels} input, not --channels {channels}.");
        }
        options = options with { Channels = channels };
        output.WriteLine($"training {options.Name}: head {head}, channels {channels}, {training.Sum(s => s.Cells.Count)} cells in {training.Count} images; validating on {validation.Count}");

        var bar = new ConsoleProgress(error);
        IProgress<TrainingProgress>? progress = quiet ? null : new SynchronousProgress<TrainingProgress>(p =>
        {
            var f1 = p.ValidationF1 is { } v ? $"val F1 {v:0.000} (best {p.BestValidationF1:0.000})" : $"best val F1 {p.BestValidationF1:0.000}";
            bar.Show((p.Epoch - 1 + p.Step / (double)p.StepsPerEpoch) / p.Epochs, $"epoch {p.Epoch}/{p.Epochs} step {p.Step}/{p.StepsPerEpoch} loss {p.Loss:0.0000} {f1} elapsed {ConsoleProgress.Duration(p.Elapsed)} left {ConsoleProgress.Duration(p.Remaining)}", p.ValidationF1 is not null);
        });
        var result = new Trainer(options).Train(training, validation, progress);
        var metadata = ModelFile.Save(outPath, result.Network, new ModelMetadata
        {
            Name = options.Name,
            Head = head,
            Channels = channels,
            Normalization = options.Normalization,
            PixelSizeMicrons = CommonPixelSize(training),
            Threshold = Math.Round(result.Threshold, 4),
            Stride = 4,
            PeakRadius = options.PeakRadius,
            WeightPrecision = precision,
            Training = new TrainingSummary
            {
                DataSets = training.Select(s => s.DataSet).Distinct().ToList(),
                TrainingImages = training.Count,
                TrainingCells = training.Sum(s => s.Cells.Count),
                ValidationImages = validation.Select(s => $"{s.DataSet}/{s.Name}").ToList(),
                Seed = seed,
                Epochs = result.EpochsRun,
                BestEpoch = result.BestEpoch,
                Optimizer = options.Optimizer,
                LearningRate = options.LearningRate,
                Sampling = Trainer.SamplingDescription,
                Augmentation = "8 flips/90-degree rotations",
                ValidationF1 = Math.Round(result.ValidationF1, 4),
                TrainingSeconds = Math.Round(result.TrainingSeconds, 1),
                Command = "celldetect train " + string.Join(' ', Environment.GetCommandLineArgs().Skip(2)),
                InitialModel = initial is null ? null : $"{initial.Metadata.Name} ({initName})",
            },
        });
        if (options.CheckpointPath is not null)
        {
            foreach (var leftover in new[] { options.CheckpointPath, options.CheckpointPath + ".best", options.CheckpointPath + ".optimizer" })
            {
                File.Delete(leftover);
            }
        }
        output.WriteLine($"saved {outPath}: best epoch {result.BestEpoch}/{result.EpochsRun}, validation F1 {result.ValidationF1:0.000} at threshold {metadata.Threshold:0.###}, {result.TrainingSeconds:0} s");
        return 0;
    }

    /// <summary>The data set a folder holds: its name, or its parent's when it is a split folder (train, val).</summary>
    public static string DataSetName(string directory)
    {
        var full = Path.GetFullPath(directory).TrimEnd('/');
        var name = Path.GetFileName(full);
        return name is "train" or "val" ? Path.GetFileName(Path.GetDirectoryName(full)!) : name;
    }

    private static NetworkHead ParseHead(string text) => text switch
    {
        "sr" => NetworkHead.StructuredRegression,
        "pwr" => NetworkHead.PixelRegression,
        "pwc" => NetworkHead.PixelClassification,
        _ => throw new UsageException($"--head must be sr, pwr or pwc, not '{text}'."),
    };

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
}
