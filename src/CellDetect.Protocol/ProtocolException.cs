using System.Text.Json;

namespace CellDetect.Protocol;

/// <summary>
/// The byte stream broke the framing rules (README section 2): <see cref="Code"/> is
/// <c>malformed_frame</c>, <c>header_too_large</c> or <c>payload_too_large</c>. After
/// <c>malformed_frame</c> the stream is out of step and must be closed.
/// </summary>
public class ProtocolException(string code, string message) : IOException(message)
{
    public string Code { get; } = code;
}

/// <summary>
/// A frame over a limit. Nothing was allocated for the oversized part; the reader can skip the rest of
/// the frame (<see cref="Framing.FrameReader.SkipRestOfFrameAsync"/>) and go on with the next one.
/// </summary>
public sealed class FrameTooLargeException(string code, string message, long limit, ulong actual, JsonElement? header)
    : ProtocolException(code, message)
{
    public long Limit { get; } = limit;

    public ulong Actual { get; } = actual;

    /// <summary>The frame's header when the payload was too large (so a server can reply with its id); null when the header was.</summary>
    public JsonElement? Header { get; } = header;
}
