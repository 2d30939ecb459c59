using CellDetect.Model.Files;
using CellDetect.Model.Network;
using TorchSharp.Modules;

namespace CellDetect.Model.Training;

/// <summary>
/// What lets an interrupted run resume: PATH (the last epoch's weights), PATH.best (the best epoch's) and
/// PATH.optimizer (the optimiser's state), written after every epoch, the metadata recording the run's
/// <see cref="RunFingerprint"/>. Opening takes PATH's write lock, held until disposal, applies the
/// <see cref="ResumePolicy"/>, and loads and checks a checkpoint found there before any training work.
/// </summary>
internal sealed class CheckpointFiles : IDisposable
{
    private readonly string path;
    private readonly TrainingOptions options;
    private readonly RunFingerprint run;
    private readonly ModelWriteLock writeLock;

    /// <summary>The checkpoint found on opening, until <see cref="Restore"/> copies it into the run.</summary>
    private LoadedModel? current, best;

    private CheckpointFiles(string path, TrainingOptions options, RunFingerprint run, ModelWriteLock writeLock)
    {
        this.path = path;
        this.options = options;
        this.run = run;
        this.writeLock = writeLock;
    }

    /// <summary>Where a resumed run stands: epochs and seconds already done, and its best epoch.</summary>
    public sealed record Resumed(int EpochsDone, double SecondsBefore, BestEpoch Best);

    private string BestPath => path + ".best";

    private string OptimizerPath => path + ".optimizer";

    /// <summary>
    /// Locks <paramref name="path"/> and finds its checkpoint. Throws <see cref="IOException"/> when another
    /// run holds the lock, and <see cref="CheckpointMismatchException"/> when the checkpoint belongs to another
    /// run, or the policy requires one and there is none.
    /// </summary>
    public static CheckpointFiles Open(string path, TrainingOptions options, RunFingerprint run)
    {
        var files = new CheckpointFiles(path, options, run, ModelWriteLock.Acquire(path));
        try
        {
            files.Find();
            return files;
        }
        catch
        {
            files.Dispose();
            throw;
        }
    }

    /// <summary>Copies the checkpoint into the network and optimiser; null when there is none and the run starts afresh.</summary>
    public Resumed? Restore(ProximityNetwork network, OptimizerHelper optimizer)
    {
        if (current is null || best is null)
        {
            return null;
        }
        WeightSnapshot.Copy(current.Network, network);
        if (File.Exists(OptimizerPath))
        {
            optimizer.load_state_dict(OptimizerPath);
        }
        var summary = best.Metadata.Training!;
        var resumed = new Resumed(current.Metadata.Training!.Epochs, current.Metadata.Training.TrainingSeconds,
            new BestEpoch(summary.BestEpoch, summary.ValidationF1, best.Metadata.Threshold, WeightSnapshot.Of(best.Network)));
        ReleaseFound();
        return resumed;
    }

    /// <summary>Writes the epoch's checkpoint: the best weights when they improved, the current weights, the optimiser.</summary>
    public void Save(ProximityNetwork network, OptimizerHelper optimizer, int epoch, BestEpoch bestSoFar, bool improved, double trainingSeconds)
    {
        var summary = new TrainingSummary { Epochs = epoch, BestEpoch = bestSoFar.Epoch, ValidationF1 = bestSoFar.F1, Seed = options.Seed, TrainingSeconds = trainingSeconds, Run = run };
        if (improved)
        {
            SaveModel(BestPath, network, bestSoFar.Threshold, summary);
        }
        SaveModel(path, network, bestSoFar.Threshold, summary);
        optimizer.save_state_dict(OptimizerPath);
    }

    public void Dispose()
    {
        ReleaseFound();
        writeLock.Dispose();
    }

    private void Find()
    {
        if (options.Resume == ResumePolicy.Never)
        {
            foreach (var file in new[] { path, BestPath, OptimizerPath })
            {
                File.Delete(file);
            }
            return;
        }
        if (!File.Exists(path) || !File.Exists(BestPath))
        {
            if (options.Resume == ResumePolicy.Require)
            {
                throw new CheckpointMismatchException($"Cannot resume: there is no checkpoint at '{path}' (with '{BestPath}'); run without --resume to start a new run.");
            }
            return;
        }
        current = ModelFile.Load(path);
        best = ModelFile.Load(BestPath);
        ThrowUnlessThisRun(current.Metadata, path);
        ThrowUnlessThisRun(best.Metadata, BestPath);
    }

    private void ThrowUnlessThisRun(ModelMetadata metadata, string file)
    {
        const string howToProceed = "pass --no-resume to start over (the checkpoint is replaced), or write to another --out";
        if (metadata.Training?.Run is not { } recorded)
        {
            throw new CheckpointMismatchException($"Checkpoint '{file}' does not record which run made it (an older CellDetect, or not a checkpoint), so it cannot be resumed safely; {howToProceed}.");
        }
        var differences = run.DifferencesFrom(recorded);
        if (differences.Count > 0)
        {
            throw new CheckpointMismatchException($"Checkpoint '{file}' belongs to another training run: {string.Join("; ", differences)}; {howToProceed}.");
        }
    }

    private void SaveModel(string file, ProximityNetwork network, double threshold, TrainingSummary summary) =>
        ModelFile.Save(file, network, new ModelMetadata
        {
            Name = options.Name + " (checkpoint)",
            Head = options.Head,
            Channels = options.Channels,
            Normalization = options.Normalization,
            Threshold = threshold,
            Training = summary,
        });

    private void ReleaseFound()
    {
        current?.Dispose();
        best?.Dispose();
        (current, best) = (null, null);
    }
}
