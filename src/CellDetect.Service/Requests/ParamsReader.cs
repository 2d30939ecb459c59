using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using CellDetect.Protocol.Messages;

namespace CellDetect.Service.Requests;

/// <summary>
/// Reads a request's params into the protocol library's type for them, with the protocol's errors:
/// a member the type does not have is <c>invalid_parameter</c> (a mistyped option never passes
/// silently), a required member missing is <c>invalid_request</c>, a value of the wrong type or form
/// is <c>invalid_parameter</c>. Members are those of the type as <see cref="ProtocolJson.Options"/>
/// serialises it, so the checks follow the message types rather than a second list of names.
/// </summary>
public static class ParamsReader
{
    private static readonly JsonElement EmptyObject = JsonDocument.Parse("{}").RootElement.Clone();

    /// <param name="parameters">the request's params; null when the request has none (the same as <c>{}</c>)</param>
    public static T Read<T>(string method, JsonElement? parameters)
    {
        var value = parameters ?? EmptyObject;
        CheckMembers(method, value, ProtocolJson.Options.GetTypeInfo(typeof(T)), prefix: "");
        try
        {
            return value.Deserialize<T>(ProtocolJson.Options) ?? throw RequestException.InvalidRequest($"{method} needs params.");
        }
        catch (JsonException e)
        {
            var parameter = ParameterAt(e.Path);
            throw RequestException.InvalidParameter(parameter, $"{method}: {parameter} has a value of the wrong type or form ({Describe(value, parameter)}).");
        }
    }

    /// <summary>The members an object of <paramref name="type"/> has in JSON.</summary>
    public static IEnumerable<JsonPropertyInfo> MembersOf(JsonTypeInfo type) => type.Properties.Where(p => p.Get is not null);

    private static void CheckMembers(string method, JsonElement value, JsonTypeInfo type, string prefix)
    {
        var members = MembersOf(type).ToDictionary(p => p.Name, StringComparer.Ordinal);
        foreach (var member in value.EnumerateObject())
        {
            if (!members.TryGetValue(member.Name, out var property))
            {
                throw RequestException.InvalidParameter(prefix + member.Name, $"{method} has no parameter '{prefix + member.Name}'.");
            }
            var memberType = ProtocolJson.Options.GetTypeInfo(property.PropertyType);
            if (memberType.Kind == JsonTypeInfoKind.Object && member.Value.ValueKind == JsonValueKind.Object)
            {
                CheckMembers(method, member.Value, memberType, prefix + member.Name + ".");
            }
        }
        foreach (var required in members.Values.Where(p => p.IsRequired))
        {
            if (!value.TryGetProperty(required.Name, out _))
            {
                throw RequestException.InvalidRequest($"{method} needs the parameter '{prefix + required.Name}'.", prefix + required.Name);
            }
        }
    }

    /// <summary>"pixels.width" for the JSON path "$.pixels.width"; "region" for "$.region[3]".</summary>
    private static string ParameterAt(string? path)
    {
        var name = (path ?? "$").TrimStart('$').TrimStart('.');
        var index = name.IndexOf('[');
        return index >= 0 ? name[..index] : name.Length == 0 ? "params" : name;
    }

    private static string Describe(JsonElement parameters, string parameter)
    {
        var value = parameters;
        foreach (var part in parameter.Split('.'))
        {
            if (value.ValueKind != JsonValueKind.Object || !value.TryGetProperty(part, out value))
            {
                return "see the protocol's schema for this method";
            }
        }
        var text = value.GetRawText();
        return $"got {(text.Length > 40 ? text[..40] + "..." : text)}";
    }
}
