using CellDetect.Model.Inference;

namespace CellDetect.Model.Tests;

public sealed class PassQueueTests
{
    [Fact]
    public async Task PassesRunOneAtATimeInArrivalOrder()
    {
        var queue = new PassQueue();
        using var release = new ManualResetEventSlim();
        var order = new List<int>();
        var running = 0;
        var overlapped = false;
        using var entered = new ManualResetEventSlim();
        var first = Task.Run(() => queue.Run(() => { entered.Set(); release.Wait(); return Record(0); }));
        await WaitUntil(() => entered.IsSet);
        var waiters = new List<Task>();
        for (int i = 1; i <= 5; i++)
        {
            var id = i;
            waiters.Add(Task.Run(() => queue.Run(() => Record(id))));
            await WaitUntil(() => queue.Waiting == id);
        }
        release.Set();
        await Task.WhenAll(waiters.Append(first));
        Assert.Equal(new[] { 0, 1, 2, 3, 4, 5 }, order);
        Assert.False(overlapped);

        int Record(int id)
        {
            overlapped |= Interlocked.Increment(ref running) > 1;
            lock (order)
            {
                order.Add(id);
            }
            Thread.Sleep(5);
            Interlocked.Decrement(ref running);
            return id;
        }
    }

    [Fact]
    public async Task AFullQueueRefusesAndACancelledWaiterLeavesItsPlace()
    {
        var queue = new PassQueue(capacity: 1);
        using var release = new ManualResetEventSlim();
        using var entered = new ManualResetEventSlim();
        var holder = Task.Run(() => queue.Run(() => { entered.Set(); return release.Wait(TimeSpan.FromSeconds(30)); }));
        await WaitUntil(() => entered.IsSet);
        using var cancel = new CancellationTokenSource();
        var waiter = Task.Run(() => queue.Run(() => 1, cancel.Token));
        await WaitUntil(() => queue.Waiting == 1);
        Assert.Throws<PassQueueFullException>(() => queue.Run(() => 2));
        cancel.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiter);
        Assert.Equal(0, queue.Waiting);
        release.Set();
        await holder;
        Assert.Equal(3, queue.Run(() => 3).Result);
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out waiting for the queue");
            await Task.Delay(5);
        }
    }
}
