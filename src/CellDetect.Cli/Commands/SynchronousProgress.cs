namespace CellDetect.Cli.Commands;

/// <summary>Reports on the calling thread; <see cref="Progress{T}"/> posts to the thread pool and would print out of order.</summary>
public sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}
