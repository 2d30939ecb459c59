using System.IO.Pipes;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using CellDetect.Protocol.Framing;
using CellDetect.Protocol.Messages;

namespace CellDetect.Protocol.Tests;

/// <summary>
/// A stand-in for the service that plays the server side of an example exchange on one connection:
/// where the example has client frames it reads as many (in any order, found by id) and checks method,
/// params and payload length; where it has server frames it writes them. It closes the connection at
/// the end of the script; <see cref="Completion"/> fails if the client sent anything else.
/// </summary>
internal sealed class ReplayService : IAsyncDisposable
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private readonly IReadOnlyList<ExampleFrame> frames;
    private readonly Func<int, int, byte[]> payloadFor;
    private readonly Func<Task<Stream>> accept;
    private readonly IAsyncDisposable listener;

    private ReplayService(IReadOnlyList<ExampleFrame> frames, Func<int, int, byte[]>? payloadFor, Func<Task<Stream>> accept, IAsyncDisposable listener)
    {
        this.frames = frames;
        this.payloadFor = payloadFor ?? ((_, length) => Enumerable.Range(0, length).Select(i => (byte)(i % 251)).ToArray());
        this.accept = accept;
        this.listener = listener;
        Completion = Task.Run(PlayAsync);
    }

    /// <summary>The pipe name to connect to (named-pipe services only).</summary>
    public string PipeName { get; private init; } = "";

    /// <summary>Ends when the whole script has been played and checked.</summary>
    public Task Completion { get; }

    /// <summary>The payloads the client sent, by request id.</summary>
    public Dictionary<long, byte[]> ReceivedPayloads { get; } = new();

    /// <summary>Listens on a fresh pipe name (the derived Unix socket on Linux and macOS).</summary>
    /// <param name="payloadFor">the payload of the server frame at an index of the script, given its length; a byte pattern by default</param>
    public static ReplayService OnPipe(IReadOnlyList<ExampleFrame> frames, Func<int, int, byte[]>? payloadFor = null)
    {
        var name = "celldetect-test-" + Guid.NewGuid().ToString("N")[..12];
        var pipe = new NamedPipeServerStream(name, PipeDirection.InOut, 1, PipeTransmissionMode.Byte, PipeOptions.Asynchronous);
        return new ReplayService(frames, payloadFor, async () =>
        {
            await pipe.WaitForConnectionAsync();
            return pipe;
        }, pipe) { PipeName = name };
    }

    /// <summary>Listens on a Unix socket at an absolute path.</summary>
    public static ReplayService OnSocket(string path, IReadOnlyList<ExampleFrame> frames)
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        socket.Bind(new UnixDomainSocketEndPoint(path));
        socket.Listen(1);
        return new ReplayService(frames, null, async () => new NetworkStream(await socket.AcceptAsync(), ownsSocket: true), new SocketListener(socket, path));
    }

    public async ValueTask DisposeAsync()
    {
        await listener.DisposeAsync();
        await Completion.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    private async Task PlayAsync()
    {
        await using var stream = await accept().WaitAsync(Patience);
        var reader = new FrameReader(stream, FrameLimits.Requests);
        var writer = new FrameWriter(stream, FrameLimits.Replies);
        for (int index = 0; index < frames.Count;)
        {
            if (!frames[index].ToServer)
            {
                await writer.WriteEncodedAsync(Encoding.UTF8.GetBytes(frames[index].Header.GetRawText()), payloadFor(index, frames[index].PayloadLength));
                index++;
                continue;
            }
            var expected = frames.Skip(index).TakeWhile(f => f.ToServer).ToDictionary(f => f.Id!.Value);
            index += expected.Count;
            while (expected.Count > 0)
            {
                var start = await reader.ReadHeaderAsync().AsTask().WaitAsync(Patience)
                    ?? throw new Xunit.Sdk.XunitException($"The client closed the connection; requests {string.Join(", ", expected.Keys)} never came.");
                var id = Envelope.IdOf(start.Header) ?? throw new Xunit.Sdk.XunitException($"A request without a valid id: {start.Header}");
                Assert.True(expected.Remove(id, out var request), $"Request {id} is not in the script here: {start.Header}");
                AssertSameRequest(request, start.Header);
                Assert.Equal(request.PayloadLength, start.PayloadLength);
                var payload = new byte[start.PayloadLength];
                await reader.ReadPayloadAsync(payload);
                ReceivedPayloads[id] = payload;
            }
        }
    }

    /// <summary>
    /// Same method, and every member of the script's params in the request's with an equal value (the
    /// request may add members at their default, like layout). Hello's client name is the client's own.
    /// </summary>
    private static void AssertSameRequest(ExampleFrame expected, JsonElement actual)
    {
        Assert.Equal(expected.Method, actual.GetProperty("method").GetString());
        if (!expected.Header.TryGetProperty("params", out var expectedParams))
        {
            return;
        }
        foreach (var member in expectedParams.EnumerateObject())
        {
            if (expected.Method == Methods.Hello && member.Name == "client")
            {
                continue;
            }
            Assert.True(actual.GetProperty("params").TryGetProperty(member.Name, out var value) && Contains(value, member.Value),
                $"request {expected.Id}: params.{member.Name} should be {member.Value}, the request is {actual}");
        }
    }

    private static bool Contains(JsonElement actual, JsonElement expected) =>
        expected.ValueKind == JsonValueKind.Object
            ? actual.ValueKind == JsonValueKind.Object && expected.EnumerateObject().All(m => actual.TryGetProperty(m.Name, out var v) && Contains(v, m.Value))
            : JsonElement.DeepEquals(actual, expected);

    private sealed class SocketListener(Socket socket, string path) : IAsyncDisposable
    {
        public ValueTask DisposeAsync()
        {
            socket.Dispose();
            File.Delete(path);
            return ValueTask.CompletedTask;
        }
    }
}

/// <summary>Reports on the reporting thread, so a test sees every report before the call it belongs to ends.</summary>
internal sealed class ImmediateProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}
