using System.Diagnostics;
using CellDetect.Core.Detection;
using CellDetect.Core.Evaluation;
using CellDetect.Core.Imaging;
using CellDetect.Model.Files;
using CellDetect.Model.Inference;
using CellDetect.Model.Network;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace CellDetect.Model.Training;

/// <summary>
/// Trains the network on annotated images, keeps the epoch with the best validation F1 (strict
/// one-to-one matching at 5 px, threshold swept on the validation images), stops early when F1 stops
/// improving, and checkpoints after every epoch so an interrupted run resumes where it stopped.
/// Every epoch draws its crops from a generator seeded with (seed, epoch), so a resumed run follows
/// the same data as an uninterrupted one.
/// </summary>
public sealed class Trainer
{
    /// <summary>Peaks below this are never cells; the threshold sweep starts here.</summary>
    private const float LowestThreshold = 0.05f;

    private readonly TrainingOptions options;

    public Trainer(TrainingOptions options)
    {
        this.options = options;
    }

    /// <summary>
    /// Trains and returns the best network. Throws <see cref="ArgumentException"/> for unusable options (before
    /// any work), <see cref="IOException"/> when another run is writing the checkpoint,
    /// <see cref="CheckpointMismatchException"/> when the checkpoint there belongs to another run, and
    /// <see cref="TrainingDivergedException"/> when the loss or weights stop being finite.
    /// Non-finite pixels of training and validation images are background, as in detection.
    /// </summary>
    public TrainingResult Train(IReadOnlyList<TrainingSample> training, IReadOnlyList<TrainingSample> validation, IProgress<TrainingProgress>? progress = null, CancellationToken cancellation = default)
    {
        options.Validate();
        if (training.Count == 0)
        {
            throw new ArgumentException("No training images.", nameof(training));
        }
        using var checkpoints = options.CheckpointPath is null ? null : CheckpointFiles.Open(options.CheckpointPath, options, Fingerprint(training, validation));
        TorchRuntime.ConfigureThreads();
        torch.manual_seed(options.Seed);
        var mask = new ProximityMask();
        var prepared = training.Select(s => new PreparedImage(s, options.Channels, options.Normalization, mask)).ToList();
        var preparedValidation = validation.Select(s => new PreparedImage(s, options.Channels, options.Normalization, mask)).ToList();
        var sampler = new CropSampler(prepared, options.Head, options.OutputsPerCropSide, options.Augmentations, mask, options.Sampling);
        var network = options.Architecture.Create(options.Channels.InputChannels(), options.Head);
        try
        {
            return TrainNetwork(network, prepared, sampler, preparedValidation, checkpoints, progress, cancellation);
        }
        catch
        {
            // A run that fails (diverged, cancelled, a checkpoint of another run) frees its network here, not in a finalizer.
            network.Dispose();
            throw;
        }
    }

    private TrainingResult TrainNetwork(ProximityNetwork network, IReadOnlyList<PreparedImage> prepared, CropSampler sampler, IReadOnlyList<PreparedImage> preparedValidation, CheckpointFiles? checkpoints, IProgress<TrainingProgress>? progress, CancellationToken cancellation)
    {
        if (options.InitialNetwork is { } initial)
        {
            WeightSnapshot.Copy(initial, network);
        }
        else
        {
            network.InitializeOutputBias(prepared.Average(p => options.Head == NetworkHead.PixelClassification ? p.Mask.Count(v => v > 0) / (double)p.Mask.Length : p.Mask.Average()));
        }
        network.to(TrainingDevice.TorchDevice);
        using var optimizer = CreateOptimizer(network);

        var state = checkpoints?.Restore(network, optimizer) ?? new CheckpointFiles.Resumed(0, 0, new BestEpoch(0, 0, 0.5, null));
        var best = state.Best;
        var epochLosses = new List<double>();
        var clock = Stopwatch.StartNew();
        var epochsRun = state.EpochsDone;
        try
        {
            if (state.EpochsDone == 0 && options.InitialNetwork is not null && preparedValidation.Count > 0)
            {
                var (f1, threshold) = Validate(network, preparedValidation, options.ValidationStride);
                best = best.ReplacedBy(new BestEpoch(0, f1, threshold, WeightSnapshot.Of(network)));
            }
            var sinceImprovement = state.EpochsDone - best.Epoch;
            for (int epoch = state.EpochsDone + 1; epoch <= options.Epochs; epoch++)
            {
                if (sinceImprovement >= options.Patience || NextEpochWouldPassTimeLimit(clock.Elapsed, epoch - state.EpochsDone - 1))
                {
                    break;
                }
                var loss = RunEpoch(network, optimizer, sampler, epoch, state.EpochsDone, clock, best.F1, progress, cancellation);
                ThrowIfWeightsDiverged(network, epoch);
                epochLosses.Add(loss);
                var (f1, threshold) = Validate(network, preparedValidation, options.ValidationStride);
                epochsRun = epoch;
                // Without validation images there is nothing to choose by: the latest epoch is the model.
                var improved = preparedValidation.Count == 0 || f1 > best.F1 || best.Weights is null;
                if (improved)
                {
                    best = best.ReplacedBy(new BestEpoch(epoch, f1, threshold, WeightSnapshot.Of(network)));
                    sinceImprovement = 0;
                }
                else
                {
                    sinceImprovement++;
                }
                checkpoints?.Save(network, optimizer, epoch, best, improved, state.SecondsBefore + clock.Elapsed.TotalSeconds);
                progress?.Report(new TrainingProgress(epoch, options.Epochs, options.StepsPerEpoch, options.StepsPerEpoch, loss, f1, best.F1, clock.Elapsed, Remaining(clock, epoch - state.EpochsDone, options.Epochs - epoch)));
            }
            best.Weights!.CopyTo(network);
        }
        finally
        {
            // The best epoch's snapshot is freed whether the run ends or throws.
            best.Weights?.Dispose();
        }
        var (finalF1, finalThreshold) = preparedValidation.Count == 0 ? (best.F1, best.Threshold) : Validate(network, preparedValidation, options.DetectionStride);
        return new TrainingResult(network, finalThreshold, finalF1, best.Epoch, epochsRun, clock.Elapsed.TotalSeconds + state.SecondsBefore, epochLosses);
    }

    /// <summary>Training runs in float32 on the chosen device.</summary>
    private ComputeDevice TrainingDevice => options.Device with { Precision = InferencePrecision.Float32 };

    /// <summary>The sampling scheme, for the model file's training summary.</summary>
    public static string DescribeSampling(CropSampling sampling, int outputsPerCropSide) => CropSampler.Describe(sampling, outputsPerCropSide);

    /// <summary>True when one more epoch, at the mean duration of those run so far, would end past the time limit.</summary>
    private bool NextEpochWouldPassTimeLimit(TimeSpan elapsed, int epochsRun) =>
        options.TimeLimit is { } limit && epochsRun > 0 && elapsed + elapsed / epochsRun > limit;

    private double RunEpoch(ProximityNetwork network, OptimizerHelper optimizer, CropSampler sampler, int epoch, int epochsBefore, Stopwatch clock, double bestF1, IProgress<TrainingProgress>? progress, CancellationToken cancellation)
    {
        network.train();
        // One seed per (seed, epoch), the same in every process: HashCode.Combine, used before, is seeded
        // randomly per process, so a resumed run or a rerun with the same --seed drew other crops.
        var epochSeed = options.Seed * 100_003L + epoch;
        var random = new Random(unchecked((int)epochSeed));
        torch.manual_seed(epochSeed);
        var rate = options.Schedule.RateOf(options.LearningRate, epoch, options.Epochs);
        foreach (var group in optimizer.ParamGroups)
        {
            group.LearningRate = rate;
        }
        double lossSum = 0;
        for (int step = 1; step <= options.StepsPerEpoch; step++)
        {
            cancellation.ThrowIfCancellationRequested();
            using var scope = torch.NewDisposeScope();
            var (input, target, weight) = sampler.Next(random, options.CropsPerStep);
            var device = TrainingDevice.TorchDevice;
            (input, target, weight) = (input.to(device), target.to(device), weight.to(device));
            var logits = network.call(input);
            var loss = Loss(network.Head, logits, target, weight);
            var value = loss.item<float>();
            if (!float.IsFinite(value))
            {
                // Checked before the step, so the weights stay as the last finite step left them.
                throw new TrainingDivergedException(epoch, step, FormattableString.Invariant($"Training diverged in epoch {epoch}, step {step}: the loss is {value}. {DivergenceAdvice}"));
            }
            optimizer.zero_grad();
            loss.backward();
            optimizer.step();
            lossSum += value;
            if (progress is not null && (step % 5 == 0 || step == options.StepsPerEpoch))
            {
                var fraction = (epoch - 1 - epochsBefore + step / (double)options.StepsPerEpoch);
                var remaining = TimeSpan.FromSeconds(clock.Elapsed.TotalSeconds / fraction * (options.Epochs - epochsBefore - fraction));
                progress.Report(new TrainingProgress(epoch, options.Epochs, step, options.StepsPerEpoch, lossSum / step, null, bestF1, clock.Elapsed, remaining));
            }
        }
        return lossSum / options.StepsPerEpoch;
    }

    private string DivergenceAdvice => FormattableString.Invariant($"Nothing from this epoch was saved; try a lower learning rate (now {options.LearningRate}).");

    /// <summary>A finite loss can still leave non-finite weights after the epoch's last step; they must not be validated or saved.</summary>
    private void ThrowIfWeightsDiverged(ProximityNetwork network, int epoch)
    {
        using var scope = torch.NewDisposeScope();
        if (network.parameters().FirstOrDefault(p => !torch.isfinite(p).all().item<bool>()) is not null)
        {
            throw new TrainingDivergedException(epoch, options.StepsPerEpoch, $"Training diverged in epoch {epoch}: the weights became NaN or infinite by step {options.StepsPerEpoch}. {DivergenceAdvice}");
        }
    }

    private Tensor Loss(NetworkHead head, Tensor logits, Tensor target, Tensor weight)
    {
        if (head != NetworkHead.PixelClassification)
        {
            return WeightedProximityLoss.Compute(logits, target, weight, options.Lambda);
        }
        var labels = target.squeeze(1).gt(0).to_type(ScalarType.Int64);
        var perPixel = nn.functional.cross_entropy(logits, labels, reduction: nn.Reduction.None);
        return (perPixel * weight.squeeze(1)).sum() / weight.sum().clamp_min(1);
    }

    /// <summary>
    /// F1 at the best threshold over the validation images, and that threshold. Epochs are compared at
    /// the coarse <see cref="TrainingOptions.ValidationStride"/> (a quarter of the cost); the chosen
    /// epoch's threshold is then calibrated at the stride detection will use.
    /// </summary>
    private (double F1, double Threshold) Validate(ProximityNetwork network, IReadOnlyList<PreparedImage> validation, int stride)
    {
        if (validation.Count == 0)
        {
            return (0, 0.5);
        }
        var predictor = new ProximityPredictor(network, TrainingDevice);
        var peaks = new PeakFinder(options.PeakRadius);
        var images = validation.Select(v =>
        {
            var map = predictor.Predict(v.Input, stride);
            var candidates = CellDetector.InsideFrame(PixelRegion.Full(v.Input.Width, v.Input.Height), 0, 0, v.Input.Width, v.Input.Height);
            return v.Sample.InFilePixels(peaks.Find(map, v.Input.Width, v.Input.Height, LowestThreshold, candidates: candidates));
        }).ToList();
        var curve = ThresholdSweep.Sweep(images);
        // With no peak at all the sweep's best "threshold" is unbounded; keep a usable default then.
        return (curve.Best.Counts.F1, double.IsFinite(curve.Best.Threshold) ? curve.Best.Threshold : 0.5);
    }

    private OptimizerHelper CreateOptimizer(ProximityNetwork network) => options.Optimizer switch
    {
        "adam" => optim.Adam(network.parameters(), options.LearningRate),
        "sgd" => optim.SGD(network.parameters(), options.LearningRate, momentum: 0.9),
        _ => throw new UnreachableException($"TrainingOptions.Validate admits no optimizer '{options.Optimizer}'."),
    };

    /// <summary>What this run learns from and how, recorded in its checkpoints (see <see cref="RunFingerprint"/>).</summary>
    private RunFingerprint Fingerprint(IReadOnlyList<TrainingSample> training, IReadOnlyList<TrainingSample> validation) => new()
    {
        TrainingImages = training.Select(s => $"{s.DataSet}/{s.Name}").ToList(),
        ValidationImages = validation.Select(s => $"{s.DataSet}/{s.Name}").ToList(),
        Architecture = options.Architecture,
        Head = options.Head,
        Channels = options.Channels,
        Normalization = options.Normalization,
        Seed = options.Seed,
        Optimizer = options.Optimizer,
        LearningRate = options.LearningRate,
        Schedule = options.Schedule.Describe(options.Epochs),
        Lambda = options.Lambda,
        CropsPerStep = options.CropsPerStep,
        OutputsPerCropSide = options.OutputsPerCropSide,
        StepsPerEpoch = options.StepsPerEpoch,
        Augmentations = options.Augmentations,
        InputScale = options.InputScale,
        Sampling = options.Sampling,
        InitialWeightsSha256 = options.InitialNetwork is { } initial ? ModelFile.WeightsSha256(initial) : null,
    };

    private static TimeSpan? Remaining(Stopwatch clock, int epochsDone, int epochsLeft) =>
        epochsDone <= 0 ? null : TimeSpan.FromSeconds(clock.Elapsed.TotalSeconds / epochsDone * epochsLeft);
}
