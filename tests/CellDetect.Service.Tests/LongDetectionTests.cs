using System.Diagnostics;
using System.Text;
using System.Text.Json;
using CellDetect.Model.Files;

namespace CellDetect.Service.Tests;

/// <summary>
/// While a detection runs for seconds: other clients are served, <c>cancel</c> stops it, <c>whenBusy:
/// "fail"</c> is refused at once, and clients that hang up in the middle of anything leave the service serving.
/// </summary>
public sealed class LongDetectionTests(ServeFixture service) : IClassFixture<ServeFixture>
{
    /// <summary>A 2048 x 2048 16-bit frame (8 MiB, under the test server's payload limit): 16 tiles, several seconds of work.</summary>
    private const int FrameSide = 2048;

    private static readonly byte[] Frame = Samples.LargeFrame(FrameSide);

    private static readonly object LongDetection = new { pixels = new { dtype = "u16", width = FrameSide, height = FrameSide, channels = 1 }, model = ModelCatalog.FluorescenceModel };

    private static readonly object SmallDetection = new { path = Samples.HeColon, region = new[] { 0, 0, 128, 128 } };

    private static readonly object SmallDetectionFailingWhenBusy = new { path = Samples.HeColon, region = new[] { 0, 0, 128, 128 }, whenBusy = "fail" };

    [Fact]
    public async Task CancelStopsARunningDetectionWhileAnotherClientIsServed()
    {
        await using var first = await service.ConnectAsync();
        var running = await StartLongDetectionAsync(first);
        await using (var second = await service.ConnectAsync())
        {
            (await second.CallAsync("models.list")).AssertSucceeded();
            (await second.CallAsync("detect", SmallDetection)).AssertSucceeded();
        }
        Assert.False(first.IsAnswered(running));
        var cancel = await first.SendAsync("cancel", new { id = running });
        Assert.True((await first.ReplyToAsync(cancel)).Result.GetProperty("cancelled").GetBoolean());
        var cancelled = await first.ReplyToAsync(running);
        cancelled.AssertError("cancelled");
        Assert.Contains($"{running}", cancelled.Header.GetProperty("error").GetProperty("message").GetString());
        // Nothing is pending any more.
        Assert.False((await first.CallAsync("cancel", new { id = running })).Result.GetProperty("cancelled").GetBoolean());
        Assert.False((await first.CallAsync("cancel", new { id = 999 })).Result.GetProperty("cancelled").GetBoolean());
    }

    [Fact]
    public async Task WhenBusyFailIsRefusedAtOnceWhileADetectionRunsAndServedOnceItStopped()
    {
        await using var first = await service.ConnectAsync();
        var running = await StartLongDetectionAsync(first);
        await using var second = await service.ConnectAsync();
        var clock = Stopwatch.StartNew();
        var busy = (await second.CallAsync("detect", new { path = Samples.HeColon, whenBusy = "fail" })).AssertError("busy");
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"busy took {clock.Elapsed}");
        Assert.Equal((1, 16), (busy.GetProperty("queued").GetInt32(), busy.GetProperty("maxQueued").GetInt32()));
        (await first.CallAsync("cancel", new { id = running })).AssertSucceeded();
        (await first.ReplyToAsync(running)).AssertError("cancelled");
        (await second.CallAsync("detect", new { path = Samples.HeColon, region = new[] { 0, 0, 128, 128 }, whenBusy = "fail" })).AssertSucceeded();
    }

    [Fact]
    public async Task AnIdStillPendingCannotBeUsedAgain()
    {
        await using var connection = await service.ConnectAsync();
        var running = await StartLongDetectionAsync(connection);
        await connection.SendHeaderAsync($"{{\"id\": {running}, \"method\": \"models.list\"}}");
        Assert.Equal("id", (await connection.ReplyToAsync(running)).AssertError("invalid_request").GetProperty("parameter").GetString());
        connection.Forget(running);
        (await connection.CallAsync("cancel", new { id = running })).AssertSucceeded();
        (await connection.ReplyToAsync(running)).AssertError("cancelled");
    }

    [Fact]
    public async Task AClientThatHangsUpDuringItsDetectionLeavesTheServiceServing()
    {
        await using (var leaving = await service.ConnectAsync())
        {
            await StartLongDetectionAsync(leaving);
        }
        await AssertServedWithoutQueueingAsync();
    }

    [Fact]
    public async Task AClientThatHangsUpInsideItsPayloadLeavesTheServiceServing()
    {
        await using (var leaving = await service.ConnectAsync())
        {
            var header = JsonSerializer.SerializeToUtf8Bytes(new { id = 7, method = "detect", @params = LongDetection });
            await leaving.SendBytesAsync(TestConnection.FrameStart(header, Frame.Length));
            await leaving.SendBytesAsync(Frame.AsMemory(0, 1 << 20));
        }
        await AssertServedWithoutQueueingAsync();
    }

    [Fact]
    public async Task AClientThatHangsUpInsideAHeaderLeavesTheServiceServing()
    {
        await using (var leaving = await service.ConnectAsync())
        {
            var frame = TestConnection.FrameStart(Encoding.UTF8.GetBytes("{\"id\": 3, \"method\": \"models.list\"}"), 0);
            await leaving.SendBytesAsync(frame.AsMemory(0, 20));
        }
        await AssertServedWithoutQueueingAsync();
    }

    /// <summary>Sends the long detection and returns its id once its first tile is done.</summary>
    private static async Task<long> StartLongDetectionAsync(TestConnection connection)
    {
        var id = await connection.SendAsync("detect", LongDetection, Frame);
        await connection.ProgressOfAsync(id, "detecting");
        return id;
    }

    /// <summary>
    /// A new client is answered at once, and soon gets a detection with whenBusy "fail": what the client
    /// that left had running or queued has been cancelled and its place in the queue given back.
    /// </summary>
    private async Task AssertServedWithoutQueueingAsync()
    {
        await using var next = await service.ConnectAsync();
        (await next.CallAsync("hello", new { protocol = 1, client = "next" })).AssertSucceeded();
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            var reply = await next.CallAsync("detect", SmallDetectionFailingWhenBusy);
            if (!reply.IsError)
            {
                return;
            }
            reply.AssertError("busy");
            Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(30), "the detection of the client that left was never cancelled");
            await Task.Delay(200);
        }
    }
}
