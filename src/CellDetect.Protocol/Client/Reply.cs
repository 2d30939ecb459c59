using System.Text.Json;
using CellDetect.Protocol.Messages;

namespace CellDetect.Protocol.Client;

/// <summary>A successful reply: the result member of its header and the frame's payload.</summary>
public sealed record Reply(long Id, JsonElement Result, byte[] Payload)
{
    public T ResultAs<T>() =>
        Result.Deserialize<T>(ProtocolJson.Options) ?? throw new JsonException($"Reply {Id} has a null result.");
}
