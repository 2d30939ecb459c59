using CellDetect.Protocol;
using CellDetect.Protocol.Messages;
using CellDetect.Service.Requests;

namespace CellDetect.Service.Detection;

/// <summary>
/// The one queue of <c>detect</c> requests from all connections: it admits at most <see cref="Capacity"/>
/// running or waiting at once and refuses the next with <c>busy</c>. It only counts; the order in
/// which admitted detections use the device is the pipeline's pass queue, first come first served
/// pass by pass, which is sized to the same capacity (<see cref="ServiceOptions.PipelineOptions"/>).
/// </summary>
public sealed class DetectionQueue(int capacity)
{
    private int admitted;

    public int Capacity { get; } = capacity;

    /// <summary>Detections running or waiting now.</summary>
    public int Count => Volatile.Read(ref admitted);

    /// <summary>
    /// A place in the queue, given back by disposing it; <c>busy</c> when the queue is full, or when
    /// <paramref name="whenBusy"/> is <see cref="WhenBusy.Fail"/> and any detection is running or waiting.
    /// </summary>
    public IDisposable Enter(WhenBusy whenBusy)
    {
        var limit = whenBusy == WhenBusy.Fail ? 1 : Capacity;
        while (true)
        {
            var count = Volatile.Read(ref admitted);
            if (count >= limit)
            {
                throw Busy(count, whenBusy);
            }
            if (Interlocked.CompareExchange(ref admitted, count + 1, count) == count)
            {
                return new Place(this);
            }
        }
    }

    /// <summary>The <c>busy</c> error with this queue's figures, also for a refusal that came from the pipeline.</summary>
    public RequestException Busy(int queued, WhenBusy whenBusy = WhenBusy.Queue) => new(ErrorCodes.Busy,
        whenBusy == WhenBusy.Fail
            ? $"Another detection is running or waiting ({queued} in all) and whenBusy is \"fail\"."
            : $"The detection queue is full ({queued} of {Capacity} running or waiting); try again when some have finished.",
        new BusyData(queued, Capacity));

    private sealed class Place(DetectionQueue queue) : IDisposable
    {
        private int left;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref left, 1) == 0)
            {
                Interlocked.Decrement(ref queue.admitted);
            }
        }
    }
}
