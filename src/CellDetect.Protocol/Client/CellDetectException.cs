using System.Text.Json;

namespace CellDetect.Protocol.Client;

/// <summary>
/// The service answered a request with an error, or the client refused to send one the service would
/// refuse (e.g. a payload over the server's limit). <see cref="Code"/> is one of <see cref="ErrorCodes"/>
/// (or a newer code, to be handled like <c>internal</c>).
/// </summary>
public sealed class CellDetectException(string code, string message, JsonElement? details = null) : Exception(message)
{
    public string Code { get; } = code;

    /// <summary>The error's <c>data</c>, e.g. <c>{"expected": n, "actual": n}</c>; null when it has none.</summary>
    public JsonElement? Details { get; } = details;
}
