using System.Text.Json;
using CellDetect.Protocol.Messages;

namespace CellDetect.Service.Requests;

/// <summary>
/// A request header's three parts (README section 3): <c>id</c>, <c>method</c> and <c>params</c>
/// (null when left out). <see cref="Read"/> refuses anything else with <c>invalid_request</c>, carrying
/// the id once it is known.
/// </summary>
public sealed record RequestEnvelope(long Id, string Method, JsonElement? Params)
{
    private static readonly string[] Members = ["id", "method", "params"];

    public static RequestEnvelope Read(JsonElement header)
    {
        if (header.ValueKind != JsonValueKind.Object)
        {
            throw new EnvelopeException(null, RequestException.InvalidRequest($"A request header is a JSON object, not {header.ValueKind.ToString().ToLowerInvariant()}."));
        }
        if (Envelope.IdOf(header) is not { } id)
        {
            throw new EnvelopeException(null, RequestException.InvalidRequest($"A request needs an id: an integer from 0 to {Envelope.MaxId}.", "id"));
        }
        foreach (var member in header.EnumerateObject())
        {
            if (!Members.Contains(member.Name))
            {
                throw new EnvelopeException(id, RequestException.InvalidRequest($"A request has only id, method and params, not '{member.Name}'.", member.Name));
            }
        }
        if (!header.TryGetProperty("method", out var method) || method.ValueKind != JsonValueKind.String)
        {
            throw new EnvelopeException(id, RequestException.InvalidRequest("A request needs a method: a string such as \"hello\".", "method"));
        }
        JsonElement? parameters = null;
        if (header.TryGetProperty("params", out var value))
        {
            if (value.ValueKind != JsonValueKind.Object)
            {
                throw new EnvelopeException(id, RequestException.InvalidRequest("A request's params are a JSON object.", "params"));
            }
            parameters = value;
        }
        return new RequestEnvelope(id, method.GetString()!, parameters);
    }
}

/// <summary>A header that is not a request; <see cref="Id"/> is its id when it could be read, else null.</summary>
public sealed class EnvelopeException(long? id, RequestException error) : Exception(error.Message, error)
{
    public long? Id { get; } = id;

    public RequestException Error { get; } = error;
}
