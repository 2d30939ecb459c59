using System.Diagnostics;
using System.Net.Sockets;
using CellDetect.Model.Files;

namespace CellDetect.Service.Tests;

/// <summary>Starting where another service runs or one crashed, and stopping: by <c>shutdown</c> and by SIGTERM.</summary>
public sealed class LifecycleTests(ServeFixture service) : IClassFixture<ServeFixture>
{
    private static readonly TimeSpan ExitTimeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task ASecondServiceOnTheEndpointOfALiveOneExitsWithTwoAndLeavesItServing()
    {
        var (code, output, error) = await ServeProcess.RunToExitAsync(ExitTimeout, "serve", "--pipe", service.Socket);
        Assert.Equal(2, code);
        Assert.Equal("", output);
        Assert.Contains($"already listening on {service.Socket}", error);
        await using var connection = await service.ConnectAsync();
        (await connection.CallAsync("models.list")).AssertSucceeded();
    }

    [Fact]
    public async Task AStaleSocketIsReplacedAndShutdownCancelsWorkRemovesTheSocketAndExitsWithZero()
    {
        var socket = ServeProcess.NewSocketPath();
        LeaveStaleSocket(socket);
        await using var server = await ServeProcess.StartAsync(socket);
        await server.AssertLogsAsync("Replacing the socket file");
        await using var worker = await TestConnection.OpenAsync(socket);
        var frameSide = 2048;
        var running = await worker.SendAsync("detect", new { pixels = new { dtype = "u16", width = frameSide, height = frameSide, channels = 1 }, model = ModelCatalog.FluorescenceModel }, Samples.LargeFrame(frameSide));
        await worker.ProgressOfAsync(running, "detecting");
        await using (var stopper = await TestConnection.OpenAsync(socket))
        {
            Assert.Equal("{}", (await stopper.CallAsync("shutdown")).Result.GetRawText());
        }
        (await worker.ReplyToAsync(running)).AssertError("cancelled");
        Assert.True(await worker.IsClosedByServiceAsync());
        Assert.Equal(0, await server.WaitForExitAsync(ExitTimeout));
        Assert.False(File.Exists(socket), server.StandardError);
        Assert.Equal($"ready {socket}", server.StandardOutput.Trim());
    }

    [Fact]
    public async Task APipeNameListensWhereDotNetPutsItAndSigtermStopsCleanly()
    {
        var name = $"celldetect-test-{Guid.NewGuid():N}"[..24];
        var socket = Path.Combine(Path.GetTempPath(), "CoreFxPipe_" + name);
        await using var server = await ServeProcess.StartAsync(name);
        Assert.Equal(socket, server.Endpoint);
        await using (var connection = await TestConnection.OpenAsync(server.Endpoint))
        {
            (await connection.CallAsync("models.list")).AssertSucceeded();
        }
        server.SendSignal("TERM");
        Assert.Equal(0, await server.WaitForExitAsync(ExitTimeout));
        Assert.False(File.Exists(socket), server.StandardError);
    }

    /// <summary>What a crashed service leaves: a socket file that nobody accepts on (a process that bound it and exited).</summary>
    private static void LeaveStaleSocket(string path)
    {
        using var python = Process.Start("/usr/bin/python3", ["-c", "import socket, sys; socket.socket(socket.AF_UNIX).bind(sys.argv[1])", path])!;
        python.WaitForExit();
        Assert.True(File.Exists(path));
        using var probe = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        Assert.Throws<SocketException>(() => probe.Connect(new UnixDomainSocketEndPoint(path)));
    }
}
