using System.Text.Json;
using CellDetect.Protocol.Messages;

namespace CellDetect.Protocol.Tests;

/// <summary>The example exchanges of manifests/protocol/examples read into this library's types without losing anything.</summary>
public sealed class ExampleTests
{
    [Theory]
    [MemberData(nameof(ProtocolFiles.Examples), MemberType = typeof(ProtocolFiles))]
    public void EveryHeaderReadsIntoItsTypeAndWritesBackEveryMember(string example)
    {
        var methodsById = new Dictionary<long, string>();
        foreach (var frame in ProtocolFiles.Example(example).Where(f => f.SchemaValid))
        {
            var type = TypeOf(frame, methodsById);
            var typed = frame.Header.Deserialize(type, ProtocolJson.Options);
            var written = JsonSerializer.SerializeToElement(typed, type, ProtocolJson.Options);
            AssertHolds(written, frame.Header, "header");
        }
    }

    [Theory]
    [MemberData(nameof(ProtocolFiles.Examples), MemberType = typeof(ProtocolFiles))]
    public void ErrorDataReadsIntoTheTypeForItsCode(string example)
    {
        foreach (var frame in ProtocolFiles.Example(example).Where(f => f.Header.TryGetProperty("error", out _)))
        {
            var error = frame.Header.GetProperty("error").Deserialize<ErrorInfo>(ProtocolJson.Options)!;
            Assert.Contains(error.Code, ErrorCodes.All);
            if (DataTypeFor(error.Code) is { } dataType)
            {
                Assert.NotNull(error.Data!.Value.Deserialize(dataType, ProtocolJson.Options));
            }
        }
    }

    [Fact]
    public void TheExamplesShowEveryErrorCodeAClientCanReceiveAfterAReadableFrame()
    {
        var shown = ProtocolFiles.ExampleNames.SelectMany(ProtocolFiles.Example)
            .Where(f => f.Header.TryGetProperty("error", out _))
            .Select(f => f.Header.GetProperty("error").GetProperty("code").GetString())
            .ToHashSet();
        // Framing errors cannot be written as a JSON example, and internal has nothing to show.
        var expected = ErrorCodes.All.Except([ErrorCodes.MalformedFrame, ErrorCodes.HeaderTooLarge, ErrorCodes.PayloadTooLarge, ErrorCodes.Internal]);
        Assert.Empty(expected.Except(shown!));
    }

    private static Type TypeOf(ExampleFrame frame, Dictionary<long, string> methodsById)
    {
        var header = frame.Header;
        if (frame.Method is { } method)
        {
            methodsById[frame.Id!.Value] = method;
            return method switch
            {
                Methods.Hello => typeof(Request<HelloParams>),
                Methods.ModelsList or Methods.Shutdown => typeof(Request<Empty>),
                Methods.Detect => typeof(Request<DetectParams>),
                Methods.Cancel => typeof(Request<CancelParams>),
                _ => typeof(Request<JsonElement>),
            };
        }
        if (header.TryGetProperty("error", out _))
        {
            return typeof(ErrorResponse);
        }
        if (header.TryGetProperty("notification", out _))
        {
            return typeof(NotificationMessage<ProgressParams>);
        }
        return methodsById[frame.Id!.Value] switch
        {
            Methods.Hello => typeof(Response<HelloResult>),
            Methods.ModelsList => typeof(Response<ModelsListResult>),
            Methods.Detect => typeof(Response<DetectResult>),
            Methods.Cancel => typeof(Response<CancelResult>),
            Methods.Shutdown => typeof(Response<Empty>),
            var other => throw new InvalidOperationException($"no result type for {other}"),
        };
    }

    private static Type? DataTypeFor(string code) => code switch
    {
        ErrorCodes.HeaderTooLarge or ErrorCodes.PayloadTooLarge => typeof(LimitExceededData),
        ErrorCodes.PayloadSizeMismatch => typeof(PayloadSizeMismatchData),
        ErrorCodes.InvalidParameter => typeof(InvalidParameterData),
        ErrorCodes.ModelNotFound => typeof(ModelNotFoundData),
        ErrorCodes.Busy => typeof(BusyData),
        ErrorCodes.UnsupportedProtocol => typeof(UnsupportedProtocolData),
        ErrorCodes.UnknownMethod => typeof(UnknownMethodData),
        ErrorCodes.FileNotFound or ErrorCodes.UnreadableImage => typeof(FileErrorData),
        _ => null,
    };

    /// <summary>
    /// Every member of <paramref name="original"/> is in <paramref name="written"/> with an equal value
    /// (numbers by value). The typed round trip may add defaults the original left out, never drop or rename.
    /// </summary>
    private static void AssertHolds(JsonElement written, JsonElement original, string path)
    {
        if (original.ValueKind == JsonValueKind.Object)
        {
            Assert.True(written.ValueKind == JsonValueKind.Object, $"{path}: written as {written.ValueKind}");
            foreach (var member in original.EnumerateObject())
            {
                Assert.True(written.TryGetProperty(member.Name, out var value), $"{path}.{member.Name} was lost");
                AssertHolds(value, member.Value, $"{path}.{member.Name}");
            }
            return;
        }
        if (original.ValueKind == JsonValueKind.Array)
        {
            Assert.Equal(original.GetArrayLength(), written.GetArrayLength());
            foreach (var (item, index) in original.EnumerateArray().Select((item, index) => (item, index)))
            {
                AssertHolds(written[index], item, $"{path}[{index}]");
            }
            return;
        }
        Assert.True(JsonElement.DeepEquals(original, written), $"{path}: {original} written as {written}");
    }
}
