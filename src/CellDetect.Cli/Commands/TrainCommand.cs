using System.CommandLine;
using CellDetect.Cli.Data;
using CellDetect.Core.Datasets;
using CellDetect.Core.Imaging;
using CellDetect.Model;
using CellDetect.Model.Files;
using CellDetect.Model.Network;
using CellDetect.Model.Training;

namespace CellDetect.Cli.Commands;

/// <summary>
/// What <c>celldetect train</c> was asked to do. Null means: Head, Channels and (with Init) the input preparation
/// from the initial model, else sr and from the images; Name from the file name of Out; LearningRate 2e-4 for adam,
/// 5e-4 for sgd; SamplingSeed = Seed; no time limit; libtorch's thread count.
/// </summary>
public sealed record TrainOptions(
    IReadOnlyList<string> Images, string Out, double ValFraction, int Seed, string? Init, NetworkHead? Head, ChannelMapping? Channels,
    double? TimeLimitMinutes, string? Name, int Epochs, int StepsPerEpoch, int CropsPerStep, string Optimizer, double? LearningRate,
    int Patience, int? SamplingSeed, bool NoResume, bool Resume, string Weights, int? Threads, bool Quiet);

/// <summary><c>celldetect train --images DIR [--images DIR2 ...] --out MODEL</c>: trains and saves a model file.</summary>
public sealed class TrainCommand(AnnotatedImageFolder folder, ModelCatalog catalog) : ICliCommand
{
    public Command Definition()
    {
        var images = Define.Repeated("--images", "folder of images with NAME.csv point files (cell centres); each is split into training and validation images");
        var outPath = Define.Text("--out", "the model file to write (.cdmodel); MODEL.checkpoint is kept beside it until training ends", "file", required: true);
        var fraction = Define.Number("--val-fraction", "share of each folder's images held out for validation", new Define.Range(0, 1, MaxOpen: true), 0.2);
        var seed = Define.WholeNumber("--seed", "seed of the validation split (split --seed gives the same split)", int.MinValue, int.MaxValue, 1);
        var init = Define.Text("--init", "start from this model's weights (a .cdmodel file or a built-in name): fine-tuning; the result is never worse on validation than the start", "model", defaultText: "random weights");
        var head = Define.Choice<NetworkHead>("--head", "output of the network: sr structured regression (the paper's), pwr pixel-wise regression, pwc pixel-wise classification",
            [("sr", NetworkHead.StructuredRegression), ("pwr", NetworkHead.PixelRegression), ("pwc", NetworkHead.PixelClassification)], defaultText: "the --init model's, else sr");
        var channels = Define.Choice<ChannelMapping?>("--channels", "network input: rgb, gray, or auto (the --init model's; else gray when any training image has one channel, else rgb)",
            [("rgb", ChannelMapping.Rgb), ("gray", ChannelMapping.Gray), ("auto", null)], "auto");
        var timeLimit = Define.OptionalNumber("--time-limit-minutes", "wall-time budget: no epoch is started that would end past it (at the mean epoch time so far); the best epoch is kept", new Define.Range(0, 1_000_000, MinOpen: true), "none");
        var name = Define.Text("--name", "the model's name in its metadata", "text", defaultText: "the file name of --out without extension");
        var epochs = Define.WholeNumber("--epochs", "most epochs to train", 1, int.MaxValue, 30);
        var stepsPerEpoch = Define.WholeNumber("--steps-per-epoch", "optimizer steps per epoch", 1, int.MaxValue, 150);
        var cropsPerStep = Define.WholeNumber("--crops-per-step", "training crops per optimizer step (batch size)", 1, int.MaxValue, 8);
        var optimizer = Define.Choice("--optimizer", "adam, or the paper's plain sgd", ["adam", "sgd"], "adam");
        var learningRate = Define.OptionalNumber("--lr", "learning rate", Define.Range.Above(0), "2e-4 with adam, 5e-4 with sgd");
        var patience = Define.WholeNumber("--patience", "stop after this many epochs without a better validation F1", 1, int.MaxValue, 8);
        var samplingSeed = Define.OptionalWholeNumber("--sampling-seed", "seed of the crop sampling and augmentation", int.MinValue, int.MaxValue, "--seed");
        var noResume = Define.Flag("--no-resume", "start afresh, deleting MODEL.checkpoint (by default a run resumes from the checkpoint of the same run, and refuses another run's)");
        var resume = Define.Flag("--resume", "require a checkpoint of this run to resume from; without one, stop");
        var weights = Define.Choice("--weights", "number format of the weights in the model file", ["float16", "float32"], "float16");
        var threads = Define.OptionalWholeNumber("--threads", "CPU threads for libtorch", 1, 1024, "libtorch's choice (the physical cores)");
        var quiet = Define.Flag("--quiet", "no progress bar");
        var command = new Command("train", "train a model on folders of images with NAME.csv cell centres")
        {
            images, outPath, fraction, seed, init, head, channels, timeLimit, name, epochs, stepsPerEpoch, cropsPerStep, optimizer, learningRate, patience, samplingSeed, noResume, resume, weights, threads, quiet,
        };
        command.Validators.Add(result =>
        {
            if (result.GetValue(noResume) && result.GetValue(resume))
            {
                result.AddError("--resume and --no-resume contradict each other: give one of them");
            }
        });
        Define.Body(command, (r, output, error) => Run(
            new TrainOptions(r.GetValue(images)!, r.GetValue(outPath)!, r.GetValue(fraction), r.GetValue(seed), r.GetValue(init), r.GetValue(head)?.Value, r.GetValue(channels)!.Value,
                r.GetValue(timeLimit), r.GetValue(name), r.GetValue(epochs), r.GetValue(stepsPerEpoch), r.GetValue(cropsPerStep), r.GetValue(optimizer)!, r.GetValue(learningRate),
                r.GetValue(patience), r.GetValue(samplingSeed), r.GetValue(noResume), r.GetValue(resume), r.GetValue(weights)!, r.GetValue(threads), r.GetValue(quiet)),
            output,
            error));
        return command;
    }

    public int Run(TrainOptions request, TextWriter output, TextWriter error)
    {
        var outPath = request.Out;
        var seed = request.Seed;
        var initName = request.Init;
        var initial = initName is null ? null : catalog.Get(initName, ComputeDevice.Cpu);
        var head = request.Head ?? initial?.Metadata.Head ?? NetworkHead.StructuredRegression;
        if (initial is not null && initial.Metadata.Head != head)
        {
            throw new UsageException($"--init {initName} has head {initial.Metadata.Head}, not {head}.");
        }
        var options = new TrainingOptions
        {
            Name = request.Name ?? Path.GetFileNameWithoutExtension(outPath),
            Head = head,
            Epochs = request.Epochs,
            StepsPerEpoch = request.StepsPerEpoch,
            CropsPerStep = request.CropsPerStep,
            Optimizer = request.Optimizer,
            LearningRate = request.LearningRate ?? (request.Optimizer == "sgd" ? 5e-4 : 2e-4),
            Patience = request.Patience,
            Seed = request.SamplingSeed ?? seed,
            CheckpointPath = outPath + ".checkpoint",
            Resume = request.NoResume ? ResumePolicy.Never : request.Resume ? ResumePolicy.Require : ResumePolicy.IfCompatible,
            TimeLimit = request.TimeLimitMinutes is { } minutes ? TimeSpan.FromMinutes(minutes) : null,
        };
        if (initial is not null)
        {
            // Fine-tuning keeps the input preparation the weights were trained for.
            options = options with { InitialNetwork = initial.Network, Normalization = initial.Metadata.Normalization, PeakRadius = initial.Metadata.PeakRadius };
        }
        TorchRuntime.ConfigureThreads(request.Threads);
        // Before reading any image, and until the model is saved: a second run to this --out stops here.
        using var writing = ModelWriteLock.Acquire(outPath);

        var training = new List<TrainingSample>();
        var validation = new List<TrainingSample>();
        foreach (var directory in request.Images)
        {
            var dataSet = DataSetName(directory);
            var images = AnnotatedImageFolder.AnnotatedImages(directory);
            if (images.Count == 0)
            {
                throw new UsageException($"No images with NAME.csv point files in '{directory}'.");
            }
            var split = ValidationSplit.Split(images.Select(p => Path.GetFileNameWithoutExtension(p)), request.ValFraction, seed);
            var validationNames = split.Validation.ToHashSet();
            foreach (var path in images)
            {
                var (image, cells) = folder.Load(path);
                var sample = new TrainingSample(Path.GetFileNameWithoutExtension(path), dataSet, image, cells);
                (validationNames.Contains(sample.Name) ? validation : training).Add(sample);
            }
            output.WriteLine($"{dataSet}: {images.Count - validationNames.Count} training, {validationNames.Count} validation images");
        }
        var channels = request.Channels ?? initial?.Metadata.Channels ?? (training.Any(s => s.Image.Channels == 1) ? ChannelMapping.Gray : ChannelMapping.Rgb);
        if (initial is not null && initial.Metadata.Channels != channels)
        {
            throw new UsageException($"--init {initName} takes {initial.Metadata.Channels} input, not --channels {channels}.");
        }
        options = options with { Channels = channels };
        output.WriteLine($"training {options.Name}: head {head}, channels {channels}, {training.Sum(s => s.Cells.Count)} cells in {training.Count} images; validating on {validation.Count}");

        var bar = new ConsoleProgress(error);
        IProgress<TrainingProgress>? progress = request.Quiet ? null : new SynchronousProgress<TrainingProgress>(p =>
        {
            var f1 = p.ValidationF1 is { } v ? $"val F1 {v:0.000} (best {p.BestValidationF1:0.000})" : $"best val F1 {p.BestValidationF1:0.000}";
            bar.Show((p.Epoch - 1 + p.Step / (double)p.StepsPerEpoch) / p.Epochs, $"epoch {p.Epoch}/{p.Epochs} step {p.Step}/{p.StepsPerEpoch} loss {p.Loss:0.0000} {f1} elapsed {ConsoleProgress.Duration(p.Elapsed)} left {ConsoleProgress.Duration(p.Remaining)}", p.ValidationF1 is not null);
        });
        var result = new Trainer(options).Train(training, validation, progress);
        // The trained network is this command's to free once it is saved, not the finalizer's.
        using var trained = result.Network;
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
            WeightPrecision = request.Weights,
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
