using System.Text;
using System.Text.Json;

namespace CellDetect.Service.Tests;

/// <summary>Every error code of the protocol's table (README section 7) that a request can cause, with its data, and what happens to the connection after it.</summary>
public sealed class ErrorTests(ServeFixture service) : IClassFixture<ServeFixture>
{
    [Theory]
    [InlineData("not json")]
    [InlineData("{\"id\": 1,")]
    [InlineData("")]
    public async Task AHeaderThatIsNotJsonIsAMalformedFrameWithoutIdAndTheConnectionIsClosed(string header)
    {
        await using var connection = await service.ConnectAsync();
        await connection.SendBytesAsync(TestConnection.FrameStart(Encoding.UTF8.GetBytes(header), payloadLength: 0));
        var error = (await connection.ReceiveAsync())!.Header;
        Assert.Equal(JsonValueKind.Null, error.GetProperty("id").ValueKind);
        Assert.Equal("malformed_frame", error.GetProperty("error").GetProperty("code").GetString());
        Assert.True(await connection.IsClosedByServiceAsync());
        await AssertServiceAnswersAsync();
    }

    [Fact]
    public async Task AHeaderOverTheLimitIsSkippedAndTheConnectionGoesOn()
    {
        await using var connection = await service.ConnectAsync();
        var header = Encoding.UTF8.GetBytes("{\"id\": 9, \"method\": \"models.list\", \"params\": {}, \"padding\": \"" + new string(' ', 1 << 20) + "\"}");
        await connection.SendBytesAsync(TestConnection.FrameStart(header, payloadLength: 0));
        var error = (await connection.ReceiveAsync())!.Header;
        Assert.Equal(JsonValueKind.Null, error.GetProperty("id").ValueKind);
        Assert.Equal("header_too_large", error.GetProperty("error").GetProperty("code").GetString());
        Assert.Equal(1_048_576, error.GetProperty("error").GetProperty("data").GetProperty("limit").GetInt64());
        Assert.Equal(header.Length, error.GetProperty("error").GetProperty("data").GetProperty("actual").GetInt64());
        (await connection.CallAsync("models.list")).AssertSucceeded();
    }

    [Fact]
    public async Task APayloadOverTheLimitIsSkippedUnreadIntoMemoryAndTheConnectionGoesOn()
    {
        await using var connection = await service.ConnectAsync();
        var side = 2829;   // 2829 x 2829 x 2 bytes = 16 006 482, just over the limit
        var payload = new byte[side * side * 2];
        var data = (await connection.CallAsync("detect", new { pixels = new { dtype = "u16", width = side, height = side, channels = 1 } }, payload)).AssertError("payload_too_large");
        Assert.Equal(ServeFixture.MaxPayload, data.GetProperty("limit").GetInt64());
        Assert.Equal(payload.Length, data.GetProperty("actual").GetInt64());
        (await connection.CallAsync("models.list")).AssertSucceeded();
    }

    [Fact]
    public async Task FilesThatAreMissingOrUnreadableSaySoWithTheirPath()
    {
        await using var connection = await service.ConnectAsync();
        var missing = Path.Combine(Path.GetTempPath(), "no-such-image.tif");
        Assert.Equal(missing, (await connection.CallAsync("detect", new { path = missing })).AssertError("file_not_found").GetProperty("path").GetString());
        var truncated = Path.Combine(Path.GetTempPath(), $"truncated-{Guid.NewGuid():N}.tif");
        var bytes = File.ReadAllBytes(Samples.HeColon);
        File.WriteAllBytes(truncated, bytes[..(bytes.Length / 2)]);
        try
        {
            var data = (await connection.CallAsync("detect", new { path = truncated })).AssertError("unreadable_image");
            Assert.Equal(truncated, data.GetProperty("path").GetString());
        }
        finally
        {
            File.Delete(truncated);
        }
        // A folder is no image file.
        (await connection.CallAsync("detect", new { path = Path.GetTempPath() })).AssertError("file_not_found");
    }

    [Fact]
    public async Task PixelsOfAnUnsupportedTypeOrTheWrongSizeAreRefusedAndTheirPayloadDropped()
    {
        await using var connection = await service.ConnectAsync();
        var f64 = (await connection.CallAsync("detect", new { pixels = new { dtype = "f64", width = 256, height = 256, channels = 1 } }, new byte[256 * 256 * 8])).AssertError("unsupported_pixel_type");
        Assert.Equal("f64", f64.GetProperty("dtype").GetString());
        var fiveChannels = (await connection.CallAsync("detect", new { pixels = new { dtype = "u8", width = 16, height = 16, channels = 5 } }, new byte[16 * 16 * 5])).AssertError("unsupported_pixel_type");
        Assert.Equal(5, fiveChannels.GetProperty("channels").GetInt32());
        var mismatch = (await connection.CallAsync("detect", new { pixels = new { dtype = "u8", width = 256, height = 256, channels = 3 } }, new byte[196_000])).AssertError("payload_size_mismatch");
        Assert.Equal((196_608L, 196_000L), (mismatch.GetProperty("expected").GetInt64(), mismatch.GetProperty("actual").GetInt64()));
        var unexpected = (await connection.CallAsync("models.list", null, new byte[16])).AssertError("payload_size_mismatch");
        Assert.Equal((0L, 16L), (unexpected.GetProperty("expected").GetInt64(), unexpected.GetProperty("actual").GetInt64()));
        (await connection.CallAsync("detect", new { path = Samples.HeColon }, new byte[8])).AssertError("payload_size_mismatch");
        (await connection.CallAsync("models.list")).AssertSucceeded();
    }

    [Fact]
    public async Task ParametersThatCannotBeUsedAreNamedWithTheBoundsThatHelp()
    {
        await using var connection = await service.ConnectAsync();
        var stride = (await connection.CallAsync("detect", new { path = Samples.HeColon, stride = 0 })).AssertError("invalid_parameter");
        Assert.Equal(("stride", 1, 64), (stride.GetProperty("parameter").GetString(), stride.GetProperty("minimum").GetInt32(), stride.GetProperty("maximum").GetInt32()));
        Assert.Equal("treshold", (await connection.CallAsync("detect", new { path = Samples.HeColon, treshold = 0.4 })).AssertError("invalid_parameter").GetProperty("parameter").GetString());
        Assert.Equal("outputs.map", (await connection.CallAsync("detect", new { path = Samples.HeColon, outputs = new { map = true } })).AssertError("invalid_parameter").GetProperty("parameter").GetString());
        Assert.Equal("threshold", (await connection.CallAsync("detect", new { path = Samples.HeColon, threshold = "high" })).AssertError("invalid_parameter").GetProperty("parameter").GetString());
        Assert.Equal("threshold", (await connection.CallAsync("detect", new { path = Samples.HeColon, threshold = 1.5 })).AssertError("invalid_parameter").GetProperty("parameter").GetString());
        var region = (await connection.CallAsync("detect", new { path = Samples.HeColon, region = new[] { 400, 0, 200, 100 } })).AssertError("invalid_parameter");
        Assert.Equal(("region", 500, 500), (region.GetProperty("parameter").GetString(), region.GetProperty("width").GetInt32(), region.GetProperty("height").GetInt32()));
        Assert.Equal("region", (await connection.CallAsync("detect", new { path = Samples.HeColon, region = new[] { 0, 0, 10 } })).AssertError("invalid_parameter").GetProperty("parameter").GetString());
        var page = (await connection.CallAsync("detect", new { path = Samples.HeColon, page = 3 })).AssertError("invalid_parameter");
        Assert.Equal(("page", 1), (page.GetProperty("parameter").GetString(), page.GetProperty("pages").GetInt32()));
        var broken = Path.Combine(service.ModelDirectory, "broken.cdmodel");
        Assert.Equal("model", (await connection.CallAsync("detect", new { path = Samples.HeColon, model = broken })).AssertError("invalid_parameter").GetProperty("parameter").GetString());
        Assert.Equal("page", (await connection.CallAsync("detect", new { pixels = new { dtype = "u8", width = 4, height = 4, channels = 1 }, page = 0 }, new byte[16])).AssertError("invalid_parameter").GetProperty("parameter").GetString());
    }

    [Fact]
    public async Task DetectNeedsExactlyOneOfPathAndPixels()
    {
        await using var connection = await service.ConnectAsync();
        (await connection.CallAsync("detect", new { model = "he-nuclei" })).AssertError("invalid_request");
        (await connection.CallAsync("detect", new { path = Samples.HeColon, pixels = new { dtype = "u8", width = 4, height = 4, channels = 1 } }, new byte[16])).AssertError("invalid_request");
        Assert.Equal("pixels.width", (await connection.CallAsync("detect", new { pixels = new { dtype = "u8", height = 4, channels = 1 } })).AssertError("invalid_request").GetProperty("parameter").GetString());
    }

    [Fact]
    public async Task AModelThatIsNeitherListedNorAFileIsNotFoundAndTheWorkingNamesAreListed()
    {
        await using var connection = await service.ConnectAsync();
        var data = (await connection.CallAsync("detect", new { path = Samples.HeColon, model = "he-nucleus" })).AssertError("model_not_found");
        Assert.Equal("he-nucleus", data.GetProperty("model").GetString());
        Assert.Equal(["fluorescence-nuclei", "he-nuclei", "he-copy"], data.GetProperty("available").EnumerateArray().Select(n => n.GetString()));
        (await connection.CallAsync("detect", new { path = Samples.HeColon, model = "/tmp/no-such-model.cdmodel" })).AssertError("model_not_found");
    }

    [Fact]
    public async Task ChecksComeInTheSpecifiedOrder()
    {
        await using var connection = await service.ConnectAsync();
        // Shape before the file, the model before the file.
        (await connection.CallAsync("detect", new { path = "/tmp/no-such-image.tif", stride = 0 })).AssertError("invalid_parameter");
        (await connection.CallAsync("detect", new { path = "/tmp/no-such-image.tif", model = "he-nucleus" })).AssertError("model_not_found");
        // The pixel type before the payload's size.
        (await connection.CallAsync("detect", new { pixels = new { dtype = "u32", width = 4, height = 4, channels = 1 } }, new byte[3])).AssertError("unsupported_pixel_type");
        // The payload's size before the model.
        (await connection.CallAsync("detect", new { pixels = new { dtype = "u8", width = 4, height = 4, channels = 1 }, model = "he-nucleus" }, new byte[3])).AssertError("payload_size_mismatch");
    }

    private async Task AssertServiceAnswersAsync()
    {
        await using var another = await service.ConnectAsync();
        (await another.CallAsync("models.list")).AssertSucceeded();
    }
}
