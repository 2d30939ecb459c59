using TorchSharp;

namespace CellDetect.Model;

/// <summary>
/// libtorch's one truly process-wide setting: the size of its intra-op thread pool. Everything else
/// (device, precision) is a <see cref="ComputeDevice"/> value passed to whoever runs the network.
/// </summary>
public static class TorchRuntime
{
    private static readonly object Gate = new();
    private static bool configured;

    /// <summary>Intra-op threads: one per core (libtorch's default counts hyper-threads and oversubscribes).</summary>
    public static void ConfigureThreads(int? threads = null)
    {
        if (threads is < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(threads), threads, "libtorch needs at least one thread.");
        }
        lock (Gate)
        {
            if (!configured || threads is not null)
            {
                torch.set_num_threads(threads ?? Environment.ProcessorCount);
                configured = true;
            }
        }
    }
}
