using System.Diagnostics;
using CellDetect.Model.Files;
using CellDetect.Model.Training;

namespace CellDetect.Model.Tests;

/// <summary>Two training runs writing one model path: the second is refused, naming the path and the PID holding it.</summary>
public sealed class ModelWriteLockTests : IDisposable
{
    private const string Flock = "/usr/bin/flock";

    private readonly string directory = Directory.CreateTempSubdirectory("celldetect-lock").FullName;

    public void Dispose() => Directory.Delete(directory, true);

    [Fact]
    public void SecondLockOnOnePathIsRefusedUntilTheFirstIsReleased()
    {
        var target = Path.Combine(directory, "model.cdmodel.checkpoint");
        using (var first = ModelWriteLock.Acquire(target))
        {
            Assert.Equal(target + ".lock", first.Path);
            Assert.True(File.Exists(first.Path));
            var error = Assert.Throws<IOException>(() => ModelWriteLock.Acquire(target));
            Assert.Equal($"Another training run is writing '{target}' (lock file '{target}.lock' held by PID {Environment.ProcessId}); wait for it to finish, or write to another --out.", error.Message);
            using var other = ModelWriteLock.Acquire(Path.Combine(directory, "other.cdmodel"));
        }
        Assert.False(File.Exists(target + ".lock"), "the lock file goes with the lock");
        using var again = ModelWriteLock.Acquire(target);
    }

    [Fact]
    public void LockFileLeftByAKilledRunIsTakenOver()
    {
        var target = Path.Combine(directory, "killed.cdmodel");
        File.WriteAllText(ModelWriteLock.LockPathFor(target), "");
        using var taken = ModelWriteLock.Acquire(target);
    }

    [Fact]
    public void OtherProcessesSeeTheLockAndAreSeenHoldingIt()
    {
        Assert.True(File.Exists(Flock), $"{Flock} is missing: apt-get install -y util-linux");
        var target = Path.Combine(directory, "shared.cdmodel");
        var lockPath = ModelWriteLock.LockPathFor(target);
        using (ModelWriteLock.Acquire(target))
        {
            using var probe = Process.Start(Flock, new[] { "--nonblock", "--exclusive", lockPath, "true" });
            probe.WaitForExit();
            Assert.Equal(1, probe.ExitCode); // flock(1): "the lock could not be acquired"
        }

        // Another process holds it (flock keeps the descriptor itself: --close hides it from the child).
        var start = new ProcessStartInfo(Flock) { ArgumentList = { "--close", "--exclusive", lockPath, "-c", "echo locked; exec sleep 60" }, RedirectStandardOutput = true };
        using var holder = Process.Start(start)!;
        try
        {
            Assert.Equal("locked", holder.StandardOutput.ReadLine());
            var error = Assert.Throws<IOException>(() => ModelWriteLock.Acquire(target));
            Assert.Contains($"(lock file '{lockPath}' held by PID {holder.Id})", error.Message);
        }
        finally
        {
            holder.Kill(entireProcessTree: true);
            holder.WaitForExit();
        }
        using var released = ModelWriteLock.Acquire(target);
    }

    [Fact]
    public async Task SecondTrainerToOneCheckpointStopsBeforeAnyWorkWhileTheFirstRuns()
    {
        var checkpoint = Path.Combine(directory, "run.cdmodel.checkpoint");
        var training = new[] { SyntheticCells.Make("a", 64, 6, 1) };
        var options = TrainerTests.TinyRun with { Epochs = 1, StepsPerEpoch = 2, CheckpointPath = checkpoint };
        using var running = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        var first = Task.Run(() => new Trainer(options).Train(training, Array.Empty<TrainingSample>(), new PausingProgress(running, release)));
        try
        {
            Assert.True(running.Wait(TimeSpan.FromMinutes(2)), "the first run never reported progress");
            var error = Assert.Throws<IOException>(() => new Trainer(options).Train(training, Array.Empty<TrainingSample>()));
            Assert.StartsWith($"Another training run is writing '{checkpoint}' (lock file '{checkpoint}.lock' held by PID {Environment.ProcessId})", error.Message);
        }
        finally
        {
            release.Set();
        }
        Assert.Equal(1, (await first).EpochsRun);
        Assert.False(File.Exists(checkpoint + ".lock"));
    }

    /// <summary>Reports synchronously on the training thread, holding the run at its first report until released.</summary>
    private sealed class PausingProgress(ManualResetEventSlim running, ManualResetEventSlim release) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value)
        {
            running.Set();
            release.Wait();
        }
    }
}
