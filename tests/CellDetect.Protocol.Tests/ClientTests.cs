using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using CellDetect.Protocol.Client;
using CellDetect.Protocol.Messages;

namespace CellDetect.Protocol.Tests;

/// <summary>The client against <see cref="ReplayService"/> playing the example exchanges.</summary>
public sealed class ClientTests
{
    private static readonly TimeSpan Patience = ReplayService.Patience;

    [Theory]
    [MemberData(nameof(ProtocolFiles.Examples), MemberType = typeof(ProtocolFiles))]
    public async Task EveryExampleReplaysThroughCallAsync(string example)
    {
        var frames = ProtocolFiles.Example(example);
        await using var service = ReplayService.OnPipe(frames);
        await using var client = CellDetectClient.Over(await Endpoint.ConnectAsync(service.PipeName, Patience));

        var calls = new Dictionary<long, Task<Reply>>();
        foreach (var request in frames.Where(f => f.ToServer))
        {
            // The client numbers requests 1, 2, ... and so do the examples, so the ids line up.
            Assert.Equal(calls.Count + 1, request.Id);
            object? parameters = request.Header.TryGetProperty("params", out var p) ? p : null;
            calls[request.Id!.Value] = client.CallAsync(request.Method!, parameters, new byte[request.PayloadLength]);
        }
        foreach (var reply in frames.Where(f => !f.ToServer && !f.Header.TryGetProperty("notification", out _)))
        {
            var call = calls[reply.Id!.Value].WaitAsync(Patience);
            if (reply.Header.TryGetProperty("error", out var error))
            {
                var thrown = await Assert.ThrowsAsync<CellDetectException>(() => call);
                Assert.Equal(error.GetProperty("code").GetString(), thrown.Code);
                continue;
            }
            var result = await call;
            Assert.True(JsonElement.DeepEquals(reply.Header.GetProperty("result"), result.Result));
            Assert.Equal(reply.PayloadLength, result.Payload.Length);
        }
        await service.Completion.WaitAsync(Patience);
    }

    [Fact]
    public async Task ConnectingByNameSaysHelloAndModelsAreListed()
    {
        await using var service = ReplayService.OnPipe(ProtocolFiles.Example("models-list"));
        if (!OperatingSystem.IsWindows())
        {
            Assert.True(File.Exists(Endpoint.PathFor(service.PipeName)), $"{Endpoint.PathFor(service.PipeName)} is not where .NET put the socket");
        }
        await using var client = await CellDetectClient.ConnectAsync(service.PipeName, timeout: Patience);

        var models = await client.ListModelsAsync();

        Assert.Equal(1, client.Server!.Protocol);
        Assert.True(client.Server.Supports(Methods.Detect));
        Assert.Equal(2147483648, client.Server.Limits.MaxPayloadBytes);
        Assert.Equal(["fluorescence-nuclei", "he-nuclei", "lymphocytes-40x"], models.Select(m => m.Name));
        Assert.Null(models[0].PixelSizeMicrons);
        Assert.Equal("/home/ana/models/lymphocytes-40x.cdmodel", models[2].Path);
        await service.Completion.WaitAsync(Patience);
    }

    [Fact]
    public async Task PixelsTravelAsTheyAreAndProgressIsReportedBeforeTheResult()
    {
        await using var service = ReplayService.OnPipe(ProtocolFiles.Example("detect-pixels"));
        await using var client = await CellDetectClient.ConnectAsync(service.PipeName, timeout: Patience);
        var pixels = Enumerable.Range(0, 512 * 512 * 3).Select(i => (byte)(i * 13)).ToArray();
        var reports = new List<DetectProgress>();

        var detection = await client.DetectPixelsAsync(pixels, new PixelFormat(PixelDataType.UInt8, 512, 512, 3), progress: new ImmediateProgress<DetectProgress>(reports.Add));

        Assert.Equal(pixels, service.ReceivedPayloads[2]);
        Assert.Equal([new DetectProgress(2, 1, 1, ProgressStages.Detecting)], reports);
        Assert.Equal(2, detection.Result.Count);
        Assert.Equal(new DetectedPoint(101.0, 47.5, 0.91), detection.Result.Points[0]);
        Assert.StartsWith("colour image", detection.Result.Model.Reason);
        Assert.Null(detection.Result.Page);
        Assert.Null(detection.ProximityMap);
    }

    [Fact]
    public async Task TheProximityMapArrivesAsFloats()
    {
        var frames = ProtocolFiles.Example("detect-pixels-proximity-map");
        var mapIndex = frames.Count - 1;
        await using var service = ReplayService.OnPipe(frames, (index, length) => index == mapIndex ? FloatBytes(length / 4, i => i * 0.25f) : new byte[length]);
        await using var client = await CellDetectClient.ConnectAsync(service.PipeName, timeout: Patience);
        var pixels = new ushort[640 * 480];

        var detection = await client.DetectPixelsAsync(MemoryMarshal.AsBytes(pixels.AsSpan()).ToArray(), new PixelFormat(PixelDataType.UInt16, 640, 480, 1), new DetectParams
        {
            Region = new ImageRegion(64, 32, 256, 128),
            Model = "fluorescence-nuclei",
            Stride = 2,
            PixelSizeMicrons = 0.65,
            Outputs = new DetectOutputs(ProximityMap: true),
        });

        Assert.Equal(new ProximityMapInfo(256, 128), detection.Result.ProximityMap);
        Assert.Equal(256 * 128, detection.ProximityMap!.Length);
        Assert.Equal(1000 * 0.25f, detection.ProximityMap[1000]);
        await service.Completion.WaitAsync(Patience);
    }

    [Fact]
    public async Task CancelEndsARunningDetectionWithCancelled()
    {
        await using var service = ReplayService.OnPipe(ProtocolFiles.Example("cancel"));
        await using var client = await CellDetectClient.ConnectAsync(service.PipeName, timeout: Patience);
        Task<bool>? cancel = null;

        var detect = client.DetectPathAsync("/data/slides/whole-slide.svs.tif", progress: new ImmediateProgress<DetectProgress>(p => cancel ??= client.CancelAsync(p.RequestId)));

        var thrown = await Assert.ThrowsAsync<CellDetectException>(() => detect.WaitAsync(Patience));
        Assert.Equal(ErrorCodes.Cancelled, thrown.Code);
        Assert.True(await cancel!.WaitAsync(Patience));
        Assert.False(await client.CancelAsync(2).WaitAsync(Patience));
    }

    [Fact]
    public async Task CancellingTheTokenEndsTheCallAtOnceAndTellsTheService()
    {
        // The cancel exchange up to the service's replies to the cancel, which the client no longer waits for.
        await using var service = ReplayService.OnPipe(ProtocolFiles.Example("cancel").Take(7).ToList());
        await using var client = await CellDetectClient.ConnectAsync(service.PipeName, timeout: Patience);
        using var userPressedCancel = new CancellationTokenSource();

        var detect = client.DetectPathAsync("/data/slides/whole-slide.svs.tif", progress: new ImmediateProgress<DetectProgress>(_ => userPressedCancel.Cancel()), cancellation: userPressedCancel.Token);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => detect.WaitAsync(Patience));
        await service.Completion.WaitAsync(Patience);
    }

    [Fact]
    public async Task ABusyServiceFailsAFrameThatMustNotWait()
    {
        await using var service = ReplayService.OnPipe(ProtocolFiles.Example("busy"));
        await using var client = await CellDetectClient.ConnectAsync(service.PipeName, timeout: Patience);

        var thrown = await Assert.ThrowsAsync<CellDetectException>(() => client.DetectPixelsAsync(
            new byte[2048 * 2048 * 2], new PixelFormat(PixelDataType.UInt16, 2048, 2048, 1), new DetectParams { WhenBusy = WhenBusy.Fail }));

        Assert.Equal(ErrorCodes.Busy, thrown.Code);
        Assert.Equal(16, thrown.Details!.Value.Deserialize<BusyData>(ProtocolJson.Options)!.MaxQueued);
    }

    [Fact]
    public async Task OverlappingCallsArePipelinedAndMatchedById()
    {
        await using var service = ReplayService.OnPipe(ProtocolFiles.Example("pipelined"));
        await using var client = await CellDetectClient.ConnectAsync(service.PipeName, timeout: Patience);

        var first = client.DetectPathAsync("/data/plate1/A01.tif");
        var second = client.DetectPathAsync("/data/plate1/A02.tif");
        var models = client.ListModelsAsync();
        await Task.WhenAll(first, second, models).WaitAsync(Patience);

        Assert.Equal(1, (await first).Result.Count);
        Assert.Equal(0, (await second).Result.Count);
        Assert.Equal(420.4, (await second).Result.Timings.QueuedMs);
        Assert.Equal(2, (await models).Count);
    }

    [Fact]
    public async Task PixelsOverTheServicesLimitAreRefusedWithoutSendingThem()
    {
        var hello = ProtocolFiles.Example("hello");
        var smallLimit = JsonNode.Parse(hello[1].Header.GetRawText())!;
        smallLimit["result"]!["limits"]!["maxPayloadBytes"] = 100;
        await using var service = ReplayService.OnPipe([hello[0], hello[1] with { Header = JsonSerializer.SerializeToElement(smallLimit) }]);
        await using var client = await CellDetectClient.ConnectAsync(service.PipeName, timeout: Patience);

        var tooLarge = await Assert.ThrowsAsync<CellDetectException>(() => client.DetectPixelsAsync(new byte[101], new PixelFormat(PixelDataType.UInt8, 101, 1, 1)));
        // A wrong length is the caller's mistake, reported before any task exists.
        Assert.Throws<ArgumentException>(() => { _ = client.DetectPixelsAsync(new byte[99], new PixelFormat(PixelDataType.UInt8, 10, 10, 1)); });

        Assert.Equal(ErrorCodes.PayloadTooLarge, tooLarge.Code);
        await service.Completion.WaitAsync(Patience);
    }

    [Fact]
    public async Task ALostConnectionFailsThePendingCalls()
    {
        // The script ends after reading the detect request, and the service hangs up.
        await using var service = ReplayService.OnPipe(ProtocolFiles.Example("detect-path").Take(3).ToList());
        await using var client = await CellDetectClient.ConnectAsync(service.PipeName, timeout: Patience);

        var thrown = await Assert.ThrowsAsync<IOException>(() => client.DetectPathAsync("/data/slides/crc-17.ome.tif", new DetectParams
        {
            Page = 0,
            Region = new ImageRegion(2048, 1536, 256, 256),
            Model = "he-nuclei",
            Threshold = 0.3,
            Outputs = new DetectOutputs(GeoJson: true),
        }).WaitAsync(Patience));

        Assert.Contains("closed the connection", thrown.Message);
        await Assert.ThrowsAsync<IOException>(() => client.ListModelsAsync().WaitAsync(Patience));
    }

    [Fact]
    public async Task AnAbsolutePathIsASocketPathOnLinuxAndMacOS()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }
        var path = Path.Combine(Path.GetTempPath(), $"cd-{Guid.NewGuid():N}"[..16] + ".sock");
        await using var service = ReplayService.OnSocket(path, ProtocolFiles.Example("hello"));

        await using var client = await CellDetectClient.ConnectAsync(path, timeout: Patience);

        Assert.Equal("0.1.0", client.Server!.ServerVersion);
        Assert.Equal(path, Endpoint.PathFor(path));
        await service.Completion.WaitAsync(Patience);
    }

    [Fact]
    public async Task WithNoServiceConnectingFailsNamingTheEndpointAndHowToStartIt()
    {
        var name = "celldetect-test-nobody-" + Guid.NewGuid().ToString("N")[..8];

        var thrown = await Assert.ThrowsAsync<IOException>(() => CellDetectClient.ConnectAsync(name, timeout: TimeSpan.FromMilliseconds(200)));

        Assert.Contains(Endpoint.PathFor(name), thrown.Message);
        Assert.Contains($"celldetect serve --pipe {name}", thrown.Message);
        await Assert.ThrowsAsync<ArgumentException>(() => CellDetectClient.ConnectAsync("some/where"));
    }

    private static byte[] FloatBytes(int count, Func<int, float> value)
    {
        var bytes = new byte[count * sizeof(float)];
        for (int i = 0; i < count; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * sizeof(float)), value(i));
        }
        return bytes;
    }
}
