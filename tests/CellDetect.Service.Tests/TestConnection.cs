using System.Buffers.Binary;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using CellDetect.Protocol.Framing;
using CellDetect.Protocol.Messages;

namespace CellDetect.Service.Tests;

/// <summary>
/// A host's connection, spoken at the frame level so that tests can send anything, malformed or not.
/// Frames are encoded and decoded by the protocol library; every header received is checked against
/// the specification's schemas, and against the rules that each request is answered once and that no
/// notification follows its request's reply.
/// </summary>
internal sealed class TestConnection : IAsyncDisposable
{
    public static readonly TimeSpan ReplyTimeout = TimeSpan.FromSeconds(60);

    private readonly Socket socket;
    private readonly NetworkStream stream;
    private readonly FrameReader reader;
    private readonly FrameWriter writer;
    private readonly Dictionary<long, string> methods = new();
    private readonly Dictionary<long, List<JsonElement>> notifications = new();
    private readonly Dictionary<long, Reply> replies = new();
    private long lastId;

    private TestConnection(Socket socket)
    {
        this.socket = socket;
        stream = new NetworkStream(socket, ownsSocket: true);
        reader = new FrameReader(stream, FrameLimits.Replies);
        // No limits on what a test may send: the server's limits are what is tested.
        writer = new FrameWriter(stream, new FrameLimits(int.MaxValue, long.MaxValue));
    }

    public static async Task<TestConnection> OpenAsync(string socketPath, bool sayHello = true)
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath));
        var connection = new TestConnection(socket);
        if (sayHello)
        {
            var hello = await connection.CallAsync("hello", new { protocol = 1, client = "CellDetect.Service.Tests" });
            hello.AssertSucceeded();
        }
        return connection;
    }

    /// <summary>Sends a request without waiting for its reply; returns its id.</summary>
    public async Task<long> SendAsync(string method, object? parameters = null, byte[]? payload = null)
    {
        var id = ++lastId;
        methods[id] = method;
        var header = parameters is null ? (object)new { id, method } : new { id, method, @params = parameters };
        await writer.WriteAsync(header, payload ?? ReadOnlyMemory<byte>.Empty);
        return id;
    }

    /// <summary>Sends a frame whose header is given as text, e.g. one that is not a request at all; <paramref name="id"/> names the method its reply answers.</summary>
    public async Task SendHeaderAsync(string headerJson, byte[]? payload = null, (long Id, string Method)? request = null)
    {
        if (request is { } r)
        {
            methods[r.Id] = r.Method;
            lastId = Math.Max(lastId, r.Id);
        }
        await writer.WriteEncodedAsync(Encoding.UTF8.GetBytes(headerJson), payload ?? ReadOnlyMemory<byte>.Empty);
    }

    /// <summary>The start of a frame as bytes: the two lengths, little-endian, then the header (the payload is not included).</summary>
    public static byte[] FrameStart(byte[] header, long payloadLength)
    {
        var frame = new byte[FrameReader.PrefixBytes + header.Length];
        BinaryPrimitives.WriteUInt32LittleEndian(frame, (uint)header.Length);
        BinaryPrimitives.WriteUInt64LittleEndian(frame.AsSpan(4), (ulong)payloadLength);
        header.CopyTo(frame, FrameReader.PrefixBytes);
        return frame;
    }

    /// <summary>True once request <paramref name="id"/> has been answered.</summary>
    public bool IsAnswered(long id) => replies.ContainsKey(id);

    /// <summary>Forgets the answer to <paramref name="id"/>, for a test that reuses an id on purpose and expects a second answer.</summary>
    public void Forget(long id) => replies.Remove(id);

    /// <summary>Writes raw bytes: a broken frame, or part of one.</summary>
    public async Task SendBytesAsync(ReadOnlyMemory<byte> bytes)
    {
        await stream.WriteAsync(bytes);
        await stream.FlushAsync();
    }

    public async Task<Reply> CallAsync(string method, object? parameters = null, byte[]? payload = null) =>
        await ReplyToAsync(await SendAsync(method, parameters, payload));

    /// <summary>Reads frames until request <paramref name="id"/> is answered (other requests' replies are kept for later).</summary>
    public async Task<Reply> ReplyToAsync(long id)
    {
        while (!replies.ContainsKey(id))
        {
            var frame = await ReceiveAsync() ?? throw new IOException($"The service closed the connection before answering request {id}.");
            Assert.False(frame.Header.TryGetProperty("id", out var frameId) && frameId.ValueKind == JsonValueKind.Null,
                $"request {id} got an error about an unreadable frame: {frame.Header}");
        }
        return replies[id];
    }

    /// <summary>Reads until the first progress notification of request <paramref name="id"/> with this stage.</summary>
    public async Task<JsonElement> ProgressOfAsync(long id, string stage)
    {
        while (true)
        {
            if (notifications.TryGetValue(id, out var seen) && seen.FirstOrDefault(n => n.GetProperty("params").GetProperty("stage").GetString() == stage) is { ValueKind: JsonValueKind.Object } found)
            {
                return found;
            }
            Assert.False(replies.ContainsKey(id), $"request {id} was answered before any '{stage}' progress: {(replies.TryGetValue(id, out var r) ? r.Header : default)}");
            _ = await ReceiveAsync() ?? throw new IOException($"The service closed the connection before request {id} made progress.");
        }
    }

    /// <summary>The next frame, checked; null when the service closed the connection.</summary>
    public async Task<Frame?> ReceiveAsync()
    {
        using var deadline = new CancellationTokenSource(ReplyTimeout);
        var frame = await reader.ReadFrameAsync(deadline.Token);
        if (frame is null)
        {
            return null;
        }
        var header = frame.Header;
        var id = Envelope.IdOf(header);
        var method = id is { } known && methods.TryGetValue(known, out var m) ? m : null;
        ProtocolSchemas.AssertValidReply(header, method);
        if (id is not { } replyId)
        {
            return frame;
        }
        Assert.False(replies.ContainsKey(replyId), $"request {replyId} is answered twice; the second time: {header}");
        if (header.TryGetProperty("notification", out _))
        {
            if (!notifications.TryGetValue(replyId, out var list))
            {
                notifications[replyId] = list = new List<JsonElement>();
            }
            list.Add(header);
        }
        else
        {
            replies[replyId] = new Reply(header, frame.Payload, notifications.TryGetValue(replyId, out var before) ? before : []);
        }
        return frame;
    }

    /// <summary>True when the service has closed the connection (the next read ends), within the reply timeout.</summary>
    public async Task<bool> IsClosedByServiceAsync()
    {
        try
        {
            return await ReceiveAsync() is null;
        }
        catch (IOException)
        {
            return true;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await stream.DisposeAsync();
        socket.Dispose();
    }
}

/// <summary>A request's answer: its header (a result or an error), the frame's payload, and the progress notifications that came before it.</summary>
internal sealed record Reply(JsonElement Header, byte[] Payload, IReadOnlyList<JsonElement> Notifications)
{
    public bool IsError => Header.TryGetProperty("error", out _);

    public JsonElement Result => Header.TryGetProperty("result", out var result) ? result : throw new Xunit.Sdk.XunitException($"expected a result, got {Header}");

    public string? Code => IsError ? Header.GetProperty("error").GetProperty("code").GetString() : null;

    public JsonElement Data => Header.GetProperty("error").TryGetProperty("data", out var data) ? data : default;

    public void AssertSucceeded() => Assert.False(IsError, $"expected a result, got {Header}");

    /// <summary>Asserts the error code and returns the error's data (undefined when it has none).</summary>
    public JsonElement AssertError(string code)
    {
        Assert.True(IsError && Code == code, $"expected the error {code}, got {Header}");
        return Data;
    }
}
