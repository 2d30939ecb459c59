using System.Text.Json;

namespace CellDetect.Protocol.Framing;

/// <summary>A frame whose header has been read; its payload (<see cref="PayloadLength"/> bytes) comes next on the stream.</summary>
public sealed record FrameStart(JsonElement Header, long PayloadLength);
