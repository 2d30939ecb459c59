namespace CellDetect.Service.Connections;

/// <summary>
/// A <c>detect</c> request of one connection between its start and its reply. It ends either
/// cancelled or finished, never both: <c>cancel</c> answers true only when it wins that race, so a
/// request whose cancellation was confirmed always replies <c>cancelled</c>.
/// </summary>
public sealed class PendingDetection : IDisposable
{
    private readonly object gate = new();
    private readonly CancellationTokenSource cancellation;
    private State state;

    public PendingDetection(long id, CancellationToken connectionLifetime)
    {
        Id = id;
        cancellation = CancellationTokenSource.CreateLinkedTokenSource(connectionLifetime);
    }

    private enum State
    {
        Running,
        Cancelled,
        Finishing,
    }

    public long Id { get; }

    /// <summary>Cancelled by <see cref="TryCancel"/> or when the connection ends.</summary>
    public CancellationToken Token => cancellation.Token;

    /// <summary>The detection's work and reply; complete once the reply is written.</summary>
    public Task Completion { get; set; } = Task.CompletedTask;

    /// <summary>Cancels the detection unless it has already finished; true when it will reply <c>cancelled</c>.</summary>
    public bool TryCancel()
    {
        lock (gate)
        {
            if (state != State.Running)
            {
                return false;
            }
            state = State.Cancelled;
            cancellation.Cancel();
            return true;
        }
    }

    /// <summary>Claims the reply for the detection's own result or error; false when it was cancelled first.</summary>
    public bool TryFinish()
    {
        lock (gate)
        {
            if (state != State.Running)
            {
                return false;
            }
            state = State.Finishing;
            return true;
        }
    }

    public void Dispose()
    {
        lock (gate)
        {
            cancellation.Dispose();
        }
    }
}
