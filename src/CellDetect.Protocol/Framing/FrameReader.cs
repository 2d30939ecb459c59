using System.Buffers.Binary;
using System.Text.Json;
using System.Text.Unicode;

namespace CellDetect.Protocol.Framing;

/// <summary>
/// Reads frames (README section 2: u32 header length, u64 payload length, little-endian, then the UTF-8
/// JSON header and the raw payload). Lengths are checked against <see cref="Limits"/> before anything
/// is allocated for them. A frame can be read whole (<see cref="ReadFrameAsync"/>) or in two steps:
/// <see cref="ReadHeaderAsync"/>, then its payload with <see cref="ReadPayloadAsync"/> (in pieces, into
/// the caller's buffers) or <see cref="SkipRestOfFrameAsync"/>, so a server can check a request before
/// it allocates for the payload. One reader per stream, used by one caller at a time.
/// </summary>
public sealed class FrameReader(Stream stream, FrameLimits limits)
{
    /// <summary>Bytes before the header: the two lengths.</summary>
    public const int PrefixBytes = 12;

    private const int SkipBufferBytes = 64 * 1024;

    private readonly byte[] prefix = new byte[PrefixBytes];

    /// <summary>Bytes of the current frame still on the stream: its unread payload, or the rest of an oversized frame.</summary>
    private ulong unreadBytes;

    public FrameLimits Limits { get; } = limits;

    /// <summary>Bytes of the current frame's payload not yet read or skipped.</summary>
    public long PayloadRemaining => (long)Math.Min(unreadBytes, long.MaxValue);

    /// <summary>
    /// Reads the next frame's lengths and header. Returns null when the stream ends cleanly between
    /// frames. Throws <see cref="ProtocolException"/> (<c>malformed_frame</c>) when the header is empty,
    /// not UTF-8 JSON or cut short, and <see cref="FrameTooLargeException"/> when a length is over the
    /// limits; after the latter, <see cref="SkipRestOfFrameAsync"/> moves on to the next frame.
    /// </summary>
    public async ValueTask<FrameStart?> ReadHeaderAsync(CancellationToken cancellation = default)
    {
        if (unreadBytes != 0)
        {
            throw new InvalidOperationException($"The previous frame still has {unreadBytes} bytes on the stream: read or skip them first.");
        }
        var read = await stream.ReadAtLeastAsync(prefix, PrefixBytes, throwOnEndOfStream: false, cancellation).ConfigureAwait(false);
        if (read == 0)
        {
            return null;
        }
        if (read < PrefixBytes)
        {
            throw EndedInside("the length prefix");
        }
        var headerLength = BinaryPrimitives.ReadUInt32LittleEndian(prefix);
        var payloadLength = BinaryPrimitives.ReadUInt64LittleEndian(prefix.AsSpan(4));
        if (headerLength == 0)
        {
            throw new ProtocolException(ErrorCodes.MalformedFrame, "A frame's header length is 0; every frame has a JSON object as its header.");
        }
        if (headerLength > Limits.MaxHeaderBytes)
        {
            unreadBytes = payloadLength > ulong.MaxValue - headerLength ? ulong.MaxValue : headerLength + payloadLength;
            throw new FrameTooLargeException(ErrorCodes.HeaderTooLarge,
                $"A frame's header is {headerLength} bytes, over the limit of {Limits.MaxHeaderBytes}.", Limits.MaxHeaderBytes, headerLength, header: null);
        }
        var header = ParseHeader(await ReadExactlyAsync(new byte[headerLength], "the header", cancellation).ConfigureAwait(false));
        unreadBytes = payloadLength;
        if (payloadLength > (ulong)Limits.MaxPayloadBytes)
        {
            throw new FrameTooLargeException(ErrorCodes.PayloadTooLarge,
                $"A frame's payload is {payloadLength} bytes, over the limit of {Limits.MaxPayloadBytes}.", Limits.MaxPayloadBytes, payloadLength, header);
        }
        return new FrameStart(header, (long)payloadLength);
    }

    /// <summary>Reads the next <c>destination.Length</c> bytes of the current frame's payload.</summary>
    public async ValueTask ReadPayloadAsync(Memory<byte> destination, CancellationToken cancellation = default)
    {
        if ((ulong)destination.Length > unreadBytes)
        {
            throw new ArgumentException($"Only {unreadBytes} payload bytes are left, not {destination.Length}.", nameof(destination));
        }
        await ReadExactlyAsync(destination, "the payload", cancellation).ConfigureAwait(false);
        unreadBytes -= (ulong)destination.Length;
    }

    /// <summary>Reads and drops what is left of the current frame, a fixed-size buffer at a time.</summary>
    public async ValueTask SkipRestOfFrameAsync(CancellationToken cancellation = default)
    {
        if (unreadBytes == 0)
        {
            return;
        }
        var buffer = new byte[(int)Math.Min(unreadBytes, SkipBufferBytes)];
        while (unreadBytes > 0)
        {
            var piece = buffer.AsMemory(0, (int)Math.Min(unreadBytes, (ulong)buffer.Length));
            await ReadExactlyAsync(piece, "the skipped part of a frame", cancellation).ConfigureAwait(false);
            unreadBytes -= (ulong)piece.Length;
        }
    }

    /// <summary>
    /// Reads a whole frame, its payload into one new array. Returns null when the stream ends cleanly
    /// between frames. A payload longer than one array can hold is <c>payload_too_large</c>; read such
    /// frames with <see cref="ReadHeaderAsync"/> and <see cref="ReadPayloadAsync"/>.
    /// </summary>
    public async ValueTask<Frame?> ReadFrameAsync(CancellationToken cancellation = default)
    {
        var start = await ReadHeaderAsync(cancellation).ConfigureAwait(false);
        if (start is null)
        {
            return null;
        }
        if (start.PayloadLength > Array.MaxLength)
        {
            throw new FrameTooLargeException(ErrorCodes.PayloadTooLarge,
                $"A frame's payload is {start.PayloadLength} bytes, more than one array holds ({Array.MaxLength}).", Array.MaxLength, (ulong)start.PayloadLength, start.Header);
        }
        var payload = start.PayloadLength == 0 ? [] : new byte[start.PayloadLength];
        await ReadPayloadAsync(payload, cancellation).ConfigureAwait(false);
        return new Frame(start.Header, payload);
    }

    private static JsonElement ParseHeader(byte[] utf8)
    {
        // The JSON parser does not check the bytes inside strings.
        if (!Utf8.IsValid(utf8))
        {
            throw new ProtocolException(ErrorCodes.MalformedFrame, "A frame's header is not valid UTF-8.");
        }
        try
        {
            using var document = JsonDocument.Parse(utf8);
            return document.RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw new ProtocolException(ErrorCodes.MalformedFrame, $"A frame's header is not UTF-8 JSON: {e.Message}");
        }
    }

    private async ValueTask<byte[]> ReadExactlyAsync(byte[] buffer, string part, CancellationToken cancellation)
    {
        await ReadExactlyAsync(buffer.AsMemory(), part, cancellation).ConfigureAwait(false);
        return buffer;
    }

    private async ValueTask ReadExactlyAsync(Memory<byte> buffer, string part, CancellationToken cancellation)
    {
        try
        {
            await stream.ReadExactlyAsync(buffer, cancellation).ConfigureAwait(false);
        }
        catch (EndOfStreamException)
        {
            throw EndedInside(part);
        }
    }

    private static ProtocolException EndedInside(string part) =>
        new(ErrorCodes.MalformedFrame, $"The connection ended inside {part} of a frame.");
}
