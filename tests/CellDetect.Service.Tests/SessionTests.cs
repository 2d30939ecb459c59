using System.Text.Json;

namespace CellDetect.Service.Tests;

/// <summary>Opening a session (hello), what the server lists, and requests that are not requests.</summary>
public sealed class SessionTests(ServeFixture service) : IClassFixture<ServeFixture>
{
    [Fact]
    public async Task HelloSaysWhatTheServerCanDo()
    {
        await using var connection = await service.ConnectAsync(sayHello: false);
        var hello = (await connection.CallAsync("hello", new { protocol = 1, client = "µManager 2.0" })).Result;
        Assert.Equal(1, hello.GetProperty("protocol").GetInt32());
        Assert.Equal(["hello", "models.list", "detect", "cancel", "shutdown"], hello.GetProperty("capabilities").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal("he-nuclei", hello.GetProperty("defaultModels").GetProperty("brightfield").GetString());
        Assert.Equal("fluorescence-nuclei", hello.GetProperty("defaultModels").GetProperty("fluorescence").GetString());
        Assert.Equal("cpu", hello.GetProperty("device").GetString());
        Assert.Equal(1_048_576, hello.GetProperty("limits").GetProperty("maxHeaderBytes").GetInt64());
        Assert.Equal(ServeFixture.MaxPayload, hello.GetProperty("limits").GetProperty("maxPayloadBytes").GetInt64());
        // hello may be repeated and answers the same.
        Assert.Equal(hello.GetRawText(), (await connection.CallAsync("hello", new { protocol = 1, client = "again" })).Result.GetRawText());
    }

    [Fact]
    public async Task HelloWithAnUnsupportedVersionListsTheSupportedOnesAndTheClientMayFallBack()
    {
        await using var connection = await service.ConnectAsync(sayHello: false);
        var data = (await connection.CallAsync("hello", new { protocol = 2, client = "future client" })).AssertError("unsupported_protocol");
        Assert.Equal(2, data.GetProperty("requested").GetInt32());
        Assert.Equal([1], data.GetProperty("supported").EnumerateArray().Select(v => v.GetInt32()));
        // Without a successful hello nothing else is answered...
        (await connection.CallAsync("models.list")).AssertError("invalid_request");
        // ...and after falling back to protocol 1 everything is.
        (await connection.CallAsync("hello", new { protocol = 1, client = "fell back" })).AssertSucceeded();
        (await connection.CallAsync("models.list")).AssertSucceeded();
    }

    [Fact]
    public async Task EveryRequestBeforeHelloIsAnInvalidRequest()
    {
        await using var connection = await service.ConnectAsync(sayHello: false);
        (await connection.CallAsync("models.list")).AssertError("invalid_request");
        (await connection.CallAsync("cancel", new { id = 1 })).AssertError("invalid_request");
        (await connection.CallAsync("detect", new { path = Samples.HeColon })).AssertError("invalid_request");
        (await connection.CallAsync("hello", new { protocol = 1, client = "late" })).AssertSucceeded();
    }

    [Fact]
    public async Task ModelsListHasTheBuiltInModelsAndTheValidFilesOfTheModelsFolder()
    {
        await using var connection = await service.ConnectAsync();
        var models = (await connection.CallAsync("models.list", new { })).Result.GetProperty("models").EnumerateArray().ToDictionary(m => m.GetProperty("name").GetString()!);
        Assert.Equal(["fluorescence-nuclei", "he-copy", "he-nuclei"], models.Keys.Order(StringComparer.Ordinal));
        Assert.True(models["he-nuclei"].GetProperty("builtIn").GetBoolean());
        Assert.Equal("rgb", models["he-nuclei"].GetProperty("channels").GetString());
        Assert.Equal("gray", models["fluorescence-nuclei"].GetProperty("channels").GetString());
        Assert.Equal("sr", models["he-nuclei"].GetProperty("head").GetString());
        var copy = models[ServeFixture.CopiedModel];
        Assert.False(copy.GetProperty("builtIn").GetBoolean());
        Assert.Equal(Path.Combine(service.ModelDirectory, "he-copy.cdmodel"), copy.GetProperty("path").GetString());
        Assert.Equal(models["he-nuclei"].GetProperty("threshold").GetDouble(), copy.GetProperty("threshold").GetDouble());
        Assert.Contains("broken.cdmodel", service.Server.StandardError);
        // params may be left out.
        (await connection.CallAsync("models.list")).AssertSucceeded();
    }

    [Fact]
    public async Task MethodsThisServerDoesNotHaveAreUnknown()
    {
        await using var connection = await service.ConnectAsync();
        Assert.Equal("train.start", (await connection.CallAsync("train.start", new { images = new[] { "/data" } })).AssertError("unknown_method").GetProperty("method").GetString());
        Assert.Equal("frobnicate", (await connection.CallAsync("frobnicate")).AssertError("unknown_method").GetProperty("method").GetString());
    }

    [Fact]
    public async Task HeadersThatAreNotRequestsAreInvalidRequestsAndTheConnectionGoesOn()
    {
        await using var connection = await service.ConnectAsync();
        foreach (var header in new[] { "[1, 2]", "{\"method\": \"hello\"}", "{\"id\": -1, \"method\": \"hello\"}", "{\"id\": 1.5, \"method\": \"hello\"}" })
        {
            await connection.SendHeaderAsync(header);
            var error = (await connection.ReceiveAsync())!.Header;
            Assert.Equal(JsonValueKind.Null, error.GetProperty("id").ValueKind);
            Assert.Equal("invalid_request", error.GetProperty("error").GetProperty("code").GetString());
        }
        await connection.SendHeaderAsync("{\"id\": 40, \"method\": \"models.list\", \"extra\": true}", request: (40, "models.list"));
        Assert.Equal("extra", (await connection.ReplyToAsync(40)).AssertError("invalid_request").GetProperty("parameter").GetString());
        await connection.SendHeaderAsync("{\"id\": 41, \"method\": 7}", request: (41, "?"));
        (await connection.ReplyToAsync(41)).AssertError("invalid_request");
        await connection.SendHeaderAsync("{\"id\": 42, \"method\": \"models.list\", \"params\": [1]}", request: (42, "models.list"));
        (await connection.ReplyToAsync(42)).AssertError("invalid_request");
        Assert.Equal("client", (await connection.CallAsync("hello", new { protocol = 1 })).AssertError("invalid_request").GetProperty("parameter").GetString());
        Assert.Equal("id", (await connection.CallAsync("cancel", new { })).AssertError("invalid_request").GetProperty("parameter").GetString());
        (await connection.CallAsync("models.list")).AssertSucceeded();
    }
}
