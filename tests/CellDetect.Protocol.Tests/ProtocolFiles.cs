using System.Text.Json;

namespace CellDetect.Protocol.Tests;

/// <summary>The specification's files in the checkout: manifests/protocol's examples, vectors and schemas.</summary>
internal static class ProtocolFiles
{
    public static string Folder { get; } = Path.Combine(FindRoot(), "manifests", "protocol");

    public static IEnumerable<string> ExampleNames =>
        Directory.GetFiles(Path.Combine(Folder, "examples"), "*.json").Select(Path.GetFileNameWithoutExtension).Order(StringComparer.Ordinal)!;

    /// <summary>For xunit's MemberData: one row per example file.</summary>
    public static TheoryData<string> Examples => new(ExampleNames);

    public static IReadOnlyList<ExampleFrame> Example(string name) =>
        Load(Path.Combine("examples", name + ".json")).EnumerateArray().Select(ExampleFrame.From).ToList();

    public static JsonElement Load(string relativePath)
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(Folder, relativePath)));
        return document.RootElement.Clone();
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "CellDetect.Plugin.sln")))
            {
                return dir.FullName;
            }
        }
        throw new DirectoryNotFoundException("CellDetect.Plugin.sln not found above " + AppContext.BaseDirectory);
    }
}

/// <summary>One frame of an example exchange.</summary>
internal sealed record ExampleFrame(bool ToServer, JsonElement Header, int PayloadLength, bool SchemaValid)
{
    public static ExampleFrame From(JsonElement frame) => new(
        frame.GetProperty("direction").GetString() == "client-to-server",
        frame.GetProperty("header"),
        frame.GetProperty("payloadLength").GetInt32(),
        !frame.TryGetProperty("schemaValid", out var valid) || valid.GetBoolean());

    public long? Id => Header.GetProperty("id").ValueKind == JsonValueKind.Null ? null : Header.GetProperty("id").GetInt64();

    public string? Method => Header.TryGetProperty("method", out var method) ? method.GetString() : null;
}
