using System.Buffers;
using System.Buffers.Binary;
using System.Text.Json;

namespace CellDetect.Protocol.Framing;

/// <summary>
/// Writes frames. Safe to share between tasks: frames are written one at a time, each whole (once a
/// frame has begun, cancellation waits for its end, so the stream never holds half a frame). Lengths
/// are checked against <see cref="Limits"/> (the receiver's) before anything is written.
/// </summary>
public sealed class FrameWriter(Stream stream, FrameLimits limits)
{
    private readonly SemaphoreSlim turn = new(1, 1);

    public FrameLimits Limits { get; } = limits;

    /// <summary>Writes a frame whose header is <paramref name="header"/> serialised with <see cref="Messages.ProtocolJson.Options"/>.</summary>
    public Task WriteAsync<THeader>(THeader header, ReadOnlyMemory<byte> payload = default, CancellationToken cancellation = default) =>
        WriteEncodedAsync(JsonSerializer.SerializeToUtf8Bytes(header, Messages.ProtocolJson.Options), payload, cancellation);

    /// <summary>Writes a frame from a header already encoded as UTF-8 JSON.</summary>
    public async Task WriteEncodedAsync(ReadOnlyMemory<byte> headerUtf8, ReadOnlyMemory<byte> payload, CancellationToken cancellation = default)
    {
        if (headerUtf8.Length == 0)
        {
            throw new ArgumentException("A frame needs a header.", nameof(headerUtf8));
        }
        if (headerUtf8.Length > Limits.MaxHeaderBytes)
        {
            throw new FrameTooLargeException(ErrorCodes.HeaderTooLarge,
                $"The header is {headerUtf8.Length} bytes, over the receiver's limit of {Limits.MaxHeaderBytes}.", Limits.MaxHeaderBytes, (ulong)headerUtf8.Length, header: null);
        }
        if (payload.Length > Limits.MaxPayloadBytes)
        {
            throw new FrameTooLargeException(ErrorCodes.PayloadTooLarge,
                $"The payload is {payload.Length} bytes, over the receiver's limit of {Limits.MaxPayloadBytes}.", Limits.MaxPayloadBytes, (ulong)payload.Length, header: null);
        }
        var start = ArrayPool<byte>.Shared.Rent(FrameReader.PrefixBytes + headerUtf8.Length);
        try
        {
            BinaryPrimitives.WriteUInt32LittleEndian(start, (uint)headerUtf8.Length);
            BinaryPrimitives.WriteUInt64LittleEndian(start.AsSpan(4), (ulong)payload.Length);
            headerUtf8.Span.CopyTo(start.AsSpan(FrameReader.PrefixBytes));
            await turn.WaitAsync(cancellation).ConfigureAwait(false);
            try
            {
                await stream.WriteAsync(start.AsMemory(0, FrameReader.PrefixBytes + headerUtf8.Length), CancellationToken.None).ConfigureAwait(false);
                if (!payload.IsEmpty)
                {
                    await stream.WriteAsync(payload, CancellationToken.None).ConfigureAwait(false);
                }
                await stream.FlushAsync(CancellationToken.None).ConfigureAwait(false);
            }
            finally
            {
                turn.Release();
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(start);
        }
    }
}
