using System.Diagnostics;
using CellDetect.Pipeline;
using CellDetect.Protocol.Messages;

namespace CellDetect.Service.Connections;

/// <summary>
/// Sends a detection's progress as notifications, at most one per <see cref="MinimumInterval"/> (the
/// last tile's always goes, when nothing is still being written): the detection never waits for a
/// slow client, and a client is never flooded. <see cref="CloseAsync"/> ends it before the reply, so
/// no notification follows a request's reply.
/// </summary>
public sealed class ProgressNotifier(Func<ProgressParams, Task> send) : IProgress<DetectionProgress>
{
    /// <summary>About ten notifications a second, as the protocol allows.</summary>
    public static readonly TimeSpan MinimumInterval = TimeSpan.FromMilliseconds(100);

    private readonly object gate = new();
    private Task sending = Task.CompletedTask;
    private long lastSent;
    private bool closed;

    public void Report(DetectionProgress value)
    {
        lock (gate)
        {
            var last = value.Done == value.Total;
            if (closed || !sending.IsCompleted || (lastSent != 0 && !last && Stopwatch.GetElapsedTime(lastSent) < MinimumInterval))
            {
                return;
            }
            lastSent = Stopwatch.GetTimestamp();
            sending = send(new ProgressParams(value.Done, value.Total, StageName(value.Stage)));
        }
    }

    /// <summary>Stops sending and returns the notification still being written, to be awaited before the reply.</summary>
    public Task CloseAsync()
    {
        lock (gate)
        {
            closed = true;
            return sending;
        }
    }

    /// <summary>The pipeline's stage words ("read", "detect") as the protocol's ("reading", "detecting").</summary>
    private static string StageName(string stage) => stage switch
    {
        DetectionStages.Read => ProgressStages.Reading,
        DetectionStages.Detect => ProgressStages.Detecting,
        _ => stage,
    };
}
