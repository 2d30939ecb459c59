namespace CellDetect.Model.Files;

/// <summary>
/// One writer per file: held while a training run writes its checkpoints, so a second run to the same
/// --out stops with a clear error instead of both running and the last one silently winning.
/// The lock is PATH.lock opened exclusively (FileShare.None: an flock on Linux and macOS, a sharing mode on
/// Windows), so the operating system releases it when the process dies, even by kill -9; the file is
/// deleted when the lock is released normally. A lock file left by a killed run is simply taken over.
/// </summary>
public sealed class ModelWriteLock : IDisposable
{
    private readonly FileStream file;

    private ModelWriteLock(string path, FileStream file)
    {
        Path = path;
        this.file = file;
    }

    /// <summary>The lock file.</summary>
    public string Path { get; }

    /// <summary>Takes the lock on <paramref name="target"/>, or throws <see cref="IOException"/> naming it and the process holding it.</summary>
    public static ModelWriteLock Acquire(string target)
    {
        var path = LockPathFor(target);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path))!);
        try
        {
            return new ModelWriteLock(path, new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.DeleteOnClose));
        }
        catch (IOException e) when (e.GetType() == typeof(IOException))
        {
            var holder = LockHolders.Find(path) is { } pid ? $"held by PID {pid}" : "held by another process";
            throw new IOException($"Another training run is writing '{target}' (lock file '{path}' {holder}); wait for it to finish, or write to another --out.", e);
        }
    }

    public static string LockPathFor(string target) => target + ".lock";

    public void Dispose() => file.Dispose();
}
