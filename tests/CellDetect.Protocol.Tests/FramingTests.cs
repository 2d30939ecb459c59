using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using CellDetect.Protocol.Framing;

namespace CellDetect.Protocol.Tests;

public sealed class FramingTests
{
    [Fact]
    public async Task FramesRoundTripInOrderWithTheirPayloads()
    {
        var stream = new MemoryStream();
        var writer = new FrameWriter(stream, FrameLimits.Requests);
        var payload = Enumerable.Range(0, 100_000).Select(i => (byte)(i * 7)).ToArray();
        await writer.WriteAsync(new { id = 1, method = "hello", @params = new { protocol = 1, client = "µManager" } });
        await writer.WriteAsync(new { id = 2, result = new { } }, payload);

        stream.Position = 0;
        var reader = new FrameReader(stream, FrameLimits.Requests);
        var first = await reader.ReadFrameAsync();
        var second = await reader.ReadFrameAsync();

        Assert.Equal("µManager", first!.Header.GetProperty("params").GetProperty("client").GetString());
        Assert.Empty(first.Payload);
        Assert.Equal(2, second!.Header.GetProperty("id").GetInt32());
        Assert.Equal(payload, second.Payload);
        Assert.Null(await reader.ReadFrameAsync());
    }

    [Fact]
    public void ComputedSizesAreNotWrittenToHeaders()
    {
        var written = JsonSerializer.Serialize(new Messages.PixelFormat(Messages.PixelDataType.UInt16, 3, 2, 1), Messages.ProtocolJson.Options);
        Assert.Equal("""{"dtype":"u16","width":3,"height":2,"channels":1,"layout":"interleaved"}""", written);
    }

    [Fact]
    public async Task HeaderLengthCountsUtf8BytesNotCharacters()
    {
        var stream = new MemoryStream();
        await new FrameWriter(stream, FrameLimits.Requests).WriteEncodedAsync(Encoding.UTF8.GetBytes("{\"s\":\"µ🧫\"}"), ReadOnlyMemory<byte>.Empty);
        Assert.Equal(14u, BinaryPrimitives.ReadUInt32LittleEndian(stream.ToArray()));
        Assert.Equal(12 + 14, stream.Length);
    }

    public static TheoryData<string> VectorNames =>
        new(ProtocolFiles.Load("vectors/frames.json").GetProperty("vectors").EnumerateArray().Select(v => v.GetProperty("name").GetString()!));

    [Theory]
    [MemberData(nameof(VectorNames))]
    public async Task VectorsDecodeAndEncodeByteForByte(string name)
    {
        var document = ProtocolFiles.Load("vectors/frames.json");
        var vector = document.GetProperty("vectors").EnumerateArray().Single(v => v.GetProperty("name").GetString() == name);
        var limits = new FrameLimits(document.GetProperty("limits").GetProperty("maxHeaderBytes").GetInt32(), document.GetProperty("limits").GetProperty("maxPayloadBytes").GetInt64());
        var bytes = Convert.FromHexString(vector.GetProperty("frameHex").GetString()!);
        var reader = new FrameReader(new MemoryStream(bytes), limits);

        if (vector.TryGetProperty("error", out var error))
        {
            var thrown = await Assert.ThrowsAnyAsync<ProtocolException>(async () => await reader.ReadFrameAsync());
            Assert.Equal(error.GetString(), thrown.Code);
            return;
        }
        var header = vector.GetProperty("header").GetString()!;
        var payload = Convert.FromHexString(vector.GetProperty("payloadHex").GetString()!);
        var frame = await reader.ReadFrameAsync();
        using var expected = JsonDocument.Parse(header);
        Assert.True(JsonElement.DeepEquals(expected.RootElement, frame!.Header));
        Assert.Equal(payload, frame.Payload);

        var encoded = new MemoryStream();
        await new FrameWriter(encoded, limits).WriteEncodedAsync(Encoding.UTF8.GetBytes(header), payload);
        Assert.Equal(bytes, encoded.ToArray());
    }

    [Fact]
    public async Task AnOversizedHeaderIsRefusedFromItsLengthAloneAndCanBeSkipped()
    {
        var stream = new MemoryStream();
        var unlimited = new FrameWriter(stream, FrameLimits.Replies);
        await unlimited.WriteAsync(new { id = 1, padding = new string('x', 500) }, new byte[300]);
        await unlimited.WriteAsync(new { id = 2 });
        stream.Position = 0;
        var reader = new FrameReader(stream, new FrameLimits(MaxHeaderBytes: 64, MaxPayloadBytes: 1024));

        var thrown = await Assert.ThrowsAsync<FrameTooLargeException>(async () => await reader.ReadHeaderAsync());
        Assert.Equal(ErrorCodes.HeaderTooLarge, thrown.Code);
        Assert.Equal(64, thrown.Limit);
        Assert.Null(thrown.Header);
        Assert.Equal(FrameReader.PrefixBytes, stream.Position);

        await reader.SkipRestOfFrameAsync();
        var next = await reader.ReadFrameAsync();
        Assert.Equal(2, next!.Header.GetProperty("id").GetInt32());
    }

    [Fact]
    public async Task AnOversizedPayloadIsRefusedAfterTheHeaderSoTheIdIsKnownAndCanBeSkipped()
    {
        var stream = new MemoryStream();
        var unlimited = new FrameWriter(stream, FrameLimits.Replies);
        await unlimited.WriteAsync(new { id = 7, method = "detect" }, new byte[5000]);
        await unlimited.WriteAsync(new { id = 8, method = "models.list" });
        stream.Position = 0;
        var reader = new FrameReader(stream, new FrameLimits(MaxHeaderBytes: 1024, MaxPayloadBytes: 4096));

        var thrown = await Assert.ThrowsAsync<FrameTooLargeException>(async () => await reader.ReadFrameAsync());
        Assert.Equal(ErrorCodes.PayloadTooLarge, thrown.Code);
        Assert.Equal(5000UL, thrown.Actual);
        Assert.Equal(7, thrown.Header!.Value.GetProperty("id").GetInt32());
        Assert.Equal(5000, reader.PayloadRemaining);

        await reader.SkipRestOfFrameAsync();
        Assert.Equal(8, (await reader.ReadFrameAsync())!.Header.GetProperty("id").GetInt32());
    }

    [Fact]
    public async Task APayloadCanBeReadInPiecesIntoTheCallersBuffers()
    {
        var stream = new MemoryStream();
        var payload = Enumerable.Range(0, 1000).Select(i => (byte)i).ToArray();
        await new FrameWriter(stream, FrameLimits.Requests).WriteAsync(new { id = 1 }, payload);
        stream.Position = 0;
        var reader = new FrameReader(stream, FrameLimits.Requests);

        var start = await reader.ReadHeaderAsync();
        Assert.Equal(1000, start!.PayloadLength);
        await Assert.ThrowsAsync<InvalidOperationException>(async () => await reader.ReadHeaderAsync());
        var first = new byte[600];
        var rest = new byte[400];
        await reader.ReadPayloadAsync(first);
        await Assert.ThrowsAsync<ArgumentException>(async () => await reader.ReadPayloadAsync(new byte[401]));
        await reader.ReadPayloadAsync(rest);

        Assert.Equal(payload, first.Concat(rest));
        Assert.Null(await reader.ReadHeaderAsync());
    }

    [Fact]
    public async Task TheWriterRefusesFramesOverTheReceiversLimitsBeforeWritingAnything()
    {
        var stream = new MemoryStream();
        var writer = new FrameWriter(stream, new FrameLimits(MaxHeaderBytes: 32, MaxPayloadBytes: 10));

        var header = await Assert.ThrowsAsync<FrameTooLargeException>(() => writer.WriteAsync(new { id = 1, padding = new string('x', 40) }));
        var payload = await Assert.ThrowsAsync<FrameTooLargeException>(() => writer.WriteAsync(new { id = 1 }, new byte[11]));

        Assert.Equal(ErrorCodes.HeaderTooLarge, header.Code);
        Assert.Equal(ErrorCodes.PayloadTooLarge, payload.Code);
        Assert.Equal(0, stream.Length);
    }

    [Fact]
    public async Task ConcurrentWritersNeverInterleaveFrames()
    {
        var stream = new MemoryStream();
        var writer = new FrameWriter(stream, FrameLimits.Requests);
        await Task.WhenAll(Enumerable.Range(0, 50).Select(i => Task.Run(() => writer.WriteAsync(new { id = i }, Enumerable.Repeat((byte)i, 10_000 + i).ToArray()))));

        stream.Position = 0;
        var reader = new FrameReader(stream, FrameLimits.Requests);
        var seen = new List<int>();
        while (await reader.ReadFrameAsync() is { } frame)
        {
            var id = frame.Header.GetProperty("id").GetInt32();
            Assert.Equal(10_000 + id, frame.Payload.Length);
            Assert.All(frame.Payload, b => Assert.Equal((byte)id, b));
            seen.Add(id);
        }
        Assert.Equal(Enumerable.Range(0, 50), seen.Order());
    }

    [Fact]
    public async Task AHeaderThatIsJsonButNotAnObjectIsAFrameNotAFramingError()
    {
        // Such a request is answered with invalid_request; the connection stays in step.
        var stream = new MemoryStream();
        await new FrameWriter(stream, FrameLimits.Requests).WriteEncodedAsync("[1,2]"u8.ToArray(), ReadOnlyMemory<byte>.Empty);
        stream.Position = 0;

        var frame = await new FrameReader(stream, FrameLimits.Requests).ReadFrameAsync();

        Assert.Equal(JsonValueKind.Array, frame!.Header.ValueKind);
        Assert.Equal(Messages.MessageKind.Unknown, Messages.Envelope.KindOf(frame.Header));
    }
}
