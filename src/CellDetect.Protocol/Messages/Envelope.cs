using System.Text.Json;
using System.Text.Json.Serialization;

namespace CellDetect.Protocol.Messages;

/// <summary>The four kinds of header (README section 3).</summary>
public enum MessageKind
{
    /// <summary>Not a header of any kind: not an object, or without method, result, error or notification.</summary>
    Unknown,
    Request,
    Result,
    Error,
    Notification,
}

/// <summary>Tells headers apart without deserialising them.</summary>
public static class Envelope
{
    /// <summary>The kind of a header, by the member it has.</summary>
    public static MessageKind KindOf(JsonElement header)
    {
        if (header.ValueKind != JsonValueKind.Object)
        {
            return MessageKind.Unknown;
        }
        if (header.TryGetProperty("method", out _))
        {
            return MessageKind.Request;
        }
        if (header.TryGetProperty("result", out _))
        {
            return MessageKind.Result;
        }
        if (header.TryGetProperty("error", out _))
        {
            return MessageKind.Error;
        }
        return header.TryGetProperty("notification", out _) ? MessageKind.Notification : MessageKind.Unknown;
    }

    /// <summary>The header's id, or null when it has none that is a valid id (an integer from 0 to 2^53-1).</summary>
    public static long? IdOf(JsonElement header) =>
        header.ValueKind == JsonValueKind.Object && header.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.Number
            && id.TryGetInt64(out var value) && value is >= 0 and <= MaxId ? value : null;

    /// <summary>2^53 - 1: ids stay exact in every JSON number implementation.</summary>
    public const long MaxId = (1L << 53) - 1;
}

/// <summary>A request header: <c>{"id", "method", "params"}</c>; params may be left out by methods without required ones.</summary>
public sealed record Request<TParams>(long Id, string Method, TParams? Params = default);

/// <summary>A result header: <c>{"id", "result"}</c>.</summary>
public sealed record Response<TResult>(long Id, TResult Result);

/// <summary>An error header: <c>{"id", "error"}</c>; <see cref="Id"/> is null when the request's id could not be read.</summary>
public sealed record ErrorResponse(
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] long? Id,
    ErrorInfo Error);

/// <summary>The error itself: a stable code (<see cref="ErrorCodes"/>), a sentence for people, optional details.</summary>
public sealed record ErrorInfo(string Code, string Message, JsonElement? Data = null);

/// <summary>A notification header: <c>{"id", "notification", "params"}</c>, about the request with that id.</summary>
public sealed record NotificationMessage<TParams>(long Id, string Notification, TParams Params);

/// <summary>The params of methods without parameters and the result of <c>shutdown</c>: <c>{}</c>.</summary>
public sealed record Empty;
