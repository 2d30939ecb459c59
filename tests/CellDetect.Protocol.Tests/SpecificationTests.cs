using System.Text.Json;
using CellDetect.Protocol.Messages;

namespace CellDetect.Protocol.Tests;

/// <summary>The library's constants and types name exactly what the schemas in manifests/protocol/schema name.</summary>
public sealed class SpecificationTests
{
    [Fact]
    public void ErrorCodesAreTheSchemasCodes()
    {
        var schema = ProtocolFiles.Load("schema/error.json");
        var codes = schema.GetProperty("properties").GetProperty("error").GetProperty("properties").GetProperty("code").GetProperty("enum");
        Assert.Equal(codes.EnumerateArray().Select(c => c.GetString()), ErrorCodes.All);
    }

    [Theory]
    [InlineData(typeof(HelloParams), "request.hello.json", "params")]
    [InlineData(typeof(CancelParams), "request.cancel.json", "params")]
    [InlineData(typeof(DetectParams), "request.detect.json", "params")]
    [InlineData(typeof(HelloResult), "response.hello.json", "result")]
    [InlineData(typeof(ModelsListResult), "response.models.list.json", "result")]
    [InlineData(typeof(DetectResult), "response.detect.json", "result")]
    [InlineData(typeof(CancelResult), "response.cancel.json", "result")]
    [InlineData(typeof(ProgressParams), "notification.progress.json", "params")]
    public void TypesHaveTheSchemasMembers(Type type, string schemaFile, string member)
    {
        var schema = ProtocolFiles.Load("schema/" + schemaFile).GetProperty("properties").GetProperty(member);
        AssertSameMembers(type, schema, $"{schemaFile} {member}");
    }

    [Theory]
    [InlineData(typeof(PixelFormat), "request.detect.json", "pixels")]
    [InlineData(typeof(ModelInfo), "response.models.list.json", "model")]
    [InlineData(typeof(DetectedPoint), "response.detect.json", "point")]
    public void NestedTypesHaveTheSchemasMembers(Type type, string schemaFile, string definition)
    {
        var schema = ProtocolFiles.Load("schema/" + schemaFile).GetProperty("$defs").GetProperty(definition);
        AssertSameMembers(type, schema, $"{schemaFile} $defs/{definition}");
    }

    [Fact]
    public void MethodNamesAreTheOnesAProtocol1ServerListsAndTheReservedOnes()
    {
        var hello = ProtocolFiles.Example("hello")[1].Header.GetProperty("result").GetProperty("capabilities");
        Assert.Equal([Methods.Hello, Methods.ModelsList, Methods.Detect, Methods.Cancel, Methods.Shutdown], hello.EnumerateArray().Select(m => m.GetString()));
        Assert.Equal(ErrorCodes.UnknownMethod, ProtocolFiles.Example("errors")
            .Single(f => f.Header.TryGetProperty("error", out var e) && e.TryGetProperty("data", out var d) && d.TryGetProperty("method", out var m) && m.GetString() == Methods.TrainStart)
            .Header.GetProperty("error").GetProperty("code").GetString());
    }

    private static void AssertSameMembers(Type type, JsonElement schema, string where)
    {
        var expected = schema.GetProperty("properties").EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal);
        // [JsonIgnore] members stay in the contract without a getter.
        var actual = ProtocolJson.Options.GetTypeInfo(type).Properties.Where(p => p.Get is not null).Select(p => p.Name).Order(StringComparer.Ordinal);
        Assert.True(expected.SequenceEqual(actual), $"{where}: schema has [{string.Join(", ", expected)}], {type.Name} has [{string.Join(", ", actual)}]");
    }
}
