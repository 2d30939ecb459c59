using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace CellDetect.Protocol.Messages;

/// <summary>How headers are written and read: camelCase members, absent rather than null optional members, no numbers in strings.</summary>
public static class ProtocolJson
{
    public static JsonSerializerOptions Options { get; } = CreateOptions();

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            // Missing required members and nulls in non-nullable ones are errors, not silent defaults.
            RespectNullableAnnotations = true,
            RespectRequiredConstructorParameters = true,
            // Headers are not HTML: keep µ, paths and quotes readable in logs (still valid JSON).
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        };
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
