using System.Diagnostics;

namespace CellDetect.Model.Inference;

/// <summary>
/// Lets one network pass at a time run on a device, in arrival order. libtorch's intra-op thread pool
/// is process-wide: two passes at once would share (and oversubscribe) the same cores, so concurrent
/// detections take turns pass by pass. A long detection therefore does not hold up a short one that
/// arrives after it for more than one pass. At most <see cref="Capacity"/> callers wait; the next one
/// is refused with <see cref="PassQueueFullException"/> instead of queuing without bound.
/// </summary>
public sealed class PassQueue
{
    private readonly object gate = new();
    private readonly LinkedList<TaskCompletionSource> waiting = new();
    private bool running;

    public PassQueue(int capacity = 64)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        Capacity = capacity;
    }

    public int Capacity { get; }

    /// <summary>Callers waiting for their turn now.</summary>
    public int Waiting
    {
        get
        {
            lock (gate)
            {
                return waiting.Count;
            }
        }
    }

    /// <summary>Runs <paramref name="pass"/> when every caller that arrived earlier has had its turn; also says how long it waited.</summary>
    public (T Result, TimeSpan Waited) Run<T>(Func<T> pass, CancellationToken cancellation = default)
    {
        var started = Stopwatch.GetTimestamp();
        Enter(cancellation);
        var waited = Stopwatch.GetElapsedTime(started);
        try
        {
            return (pass(), waited);
        }
        finally
        {
            Leave();
        }
    }

    private void Enter(CancellationToken cancellation)
    {
        cancellation.ThrowIfCancellationRequested();
        LinkedListNode<TaskCompletionSource> ticket;
        lock (gate)
        {
            if (!running)
            {
                running = true;
                return;
            }
            if (waiting.Count >= Capacity)
            {
                throw new PassQueueFullException(Capacity);
            }
            ticket = waiting.AddLast(new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        }
        try
        {
            ticket.Value.Task.Wait(cancellation);
        }
        catch (OperationCanceledException)
        {
            lock (gate)
            {
                if (!ticket.Value.Task.IsCompleted)
                {
                    waiting.Remove(ticket);
                    throw;
                }
            }
            // The turn was granted as the wait was cancelled: hand it on, or the queue stops.
            Leave();
            throw;
        }
    }

    private void Leave()
    {
        lock (gate)
        {
            if (waiting.First is { } next)
            {
                waiting.RemoveFirst();
                next.Value.SetResult();
            }
            else
            {
                running = false;
            }
        }
    }
}

/// <summary>Too many detections are waiting for the device; the caller should try again later.</summary>
public sealed class PassQueueFullException(int capacity)
    : InvalidOperationException($"The detection queue is full ({capacity} requests waiting for the device); try again when the running detections have finished.");
