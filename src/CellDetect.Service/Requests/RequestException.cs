using System.Text.Json;
using CellDetect.Protocol;
using CellDetect.Protocol.Messages;

namespace CellDetect.Service.Requests;

/// <summary>
/// A request the service refuses, with the protocol's error code (README section 7), a message for
/// people and the code's data. Thrown while a request is checked; the connection answers it and goes on.
/// </summary>
public sealed class RequestException(string code, string message, object? data = null) : Exception(message)
{
    public string Code { get; } = code;

    /// <summary>The error's <c>data</c>, serialised as it is (an anonymous object or one of the protocol's data records); null for none.</summary>
    public object? Details { get; } = data;

    public ErrorInfo ToErrorInfo() =>
        new(Code, Message, Details is null ? null : JsonSerializer.SerializeToElement(Details, Details.GetType(), ProtocolJson.Options));

    public static RequestException InvalidRequest(string message, string? parameter = null) =>
        new(ErrorCodes.InvalidRequest, message, parameter is null ? null : new InvalidParameterData(parameter));

    public static RequestException InvalidParameter(string parameter, string message) =>
        new(ErrorCodes.InvalidParameter, message, new InvalidParameterData(parameter));
}
