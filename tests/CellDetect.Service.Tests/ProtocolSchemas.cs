using System.Text.Json;
using System.Text.Json.Nodes;
using CellDetect.Tests.Shared;
using Json.Schema;

namespace CellDetect.Service.Tests;

/// <summary>
/// The JSON Schemas of manifests/protocol/schema, the specification's word on every header: each reply
/// header a test receives must validate against envelope.json and against its own kind's schema (the
/// method's result schema, error.json, or the notification's).
/// </summary>
internal static class ProtocolSchemas
{
    private static readonly string Folder = Path.Combine(RepositoryRoot.Path, "manifests", "protocol", "schema");
    private static readonly Dictionary<string, JsonSchema> Loaded = new();

    /// <param name="method">the method of the request this header answers, for a result; null when the test does not know it (the header is then checked as an error or notification only)</param>
    public static void AssertValidReply(JsonElement header, string? method)
    {
        // One evaluation at a time: a JsonSchema shared by eight client threads once rejected a valid
        // hello reply ("Expected 1 matching subschema but found 2"); its evaluation keeps state.
        lock (Loaded)
        {
            AssertValidReplyAlone(header, method);
        }
    }

    private static void AssertValidReplyAlone(JsonElement header, string? method)
    {
        AssertValid("envelope.json", header);
        if (header.TryGetProperty("result", out _))
        {
            Assert.NotNull(method);
            AssertValid($"response.{method}.json", header);
        }
        else if (header.TryGetProperty("error", out _))
        {
            AssertValid("error.json", header);
        }
        else
        {
            Assert.True(header.TryGetProperty("notification", out var kind), $"not a reply, error or notification: {header}");
            AssertValid($"notification.{kind.GetString()}.json", header);
        }
    }

    private static void AssertValid(string schemaFile, JsonElement header)
    {
        var result = Schema(schemaFile).Evaluate(JsonNode.Parse(header.GetRawText()), new EvaluationOptions { OutputFormat = OutputFormat.List });
        if (!result.IsValid)
        {
            var problems = (result.Details ?? []).Where(d => d.HasErrors).SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}"));
            Assert.Fail($"{schemaFile} rejects {header}: {string.Join("; ", problems)}");
        }
    }

    private static JsonSchema Schema(string file)
    {
        lock (Loaded)
        {
            if (!Loaded.TryGetValue(file, out var schema))
            {
                Loaded[file] = schema = JsonSchema.FromFile(Path.Combine(Folder, file));
            }
            return schema;
        }
    }
}
