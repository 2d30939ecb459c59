using System.Text.Json;

namespace CellDetect.Protocol.Framing;

/// <summary>A whole frame: its JSON header and its payload (empty when the frame has none).</summary>
public sealed record Frame(JsonElement Header, byte[] Payload);
