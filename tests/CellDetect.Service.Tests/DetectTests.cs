using System.Text.Json;
using CellDetect.Cli;
using CellDetect.Core.Imaging;
using CellDetect.Model;
using CellDetect.Model.Files;
using CellDetect.Pipeline;

namespace CellDetect.Service.Tests;

/// <summary>
/// <c>detect</c> through the service gives what the pipeline gives in process: by path, by pixels of
/// every type, channel count and layout, in a region, for eight clients at once, and through
/// <c>celldetect detect --server</c>.
/// </summary>
public sealed class DetectTests(ServeFixture service) : IClassFixture<ServeFixture>, IDisposable
{
    /// <summary>A 256 x 256 rectangle of each sample: one tile, so that the many pixel variants stay quick.</summary>
    private static readonly Dictionary<int, (string Path, string Model, int[] Region)> Crops = new()
    {
        [3] = (Samples.HeColon, ModelCatalog.BrightfieldModel, [120, 100, 256, 256]),
        [1] = (Samples.Fluorescence, ModelCatalog.FluorescenceModel, [300, 200, 256, 256]),
    };

    /// <summary>The service's points for each crop read from its file, computed once per crop.</summary>
    private static readonly Dictionary<int, List<(double X, double Y, double Score)>> FromFile = new();

    private readonly ModelCatalog catalog = new();

    [Fact]
    public async Task DetectByPathGivesThePointsOfThePipelineInProcess()
    {
        await using var connection = await service.ConnectAsync();
        var reply = await connection.CallAsync("detect", new { path = Samples.HeColon });
        var result = reply.Result;
        var expected = InProcess().Detect(DetectionInput.FromFile(Samples.HeColon));
        Samples.AssertSamePoints(expected.Cells.Select(c => (c.X, c.Y, c.Score)).ToList(), Samples.Points(result));
        Assert.Equal(expected.Cells.Count, result.GetProperty("count").GetInt32());
        Assert.Equal("he-nuclei", result.GetProperty("model").GetProperty("name").GetString());
        Assert.Equal(expected.Model.Reason, result.GetProperty("model").GetProperty("reason").GetString());
        Assert.Equal((4, 500, 500, 0), (result.GetProperty("stride").GetInt32(), result.GetProperty("width").GetInt32(), result.GetProperty("height").GetInt32(), result.GetProperty("page").GetInt32()));
        Assert.Equal([0, 0, 500, 500], result.GetProperty("region").EnumerateArray().Select(v => v.GetInt32()));
        Assert.Equal(1.0, result.GetProperty("scale").GetDouble());
        Assert.False(result.TryGetProperty("geojson", out _));
        var timings = result.GetProperty("timings");
        Assert.True(timings.GetProperty("totalMs").GetDouble() >= timings.GetProperty("detectMs").GetDouble());
        // Progress came before the reply: reading, then the one tile.
        Assert.Equal(["reading", "detecting"], reply.Notifications.Select(n => n.GetProperty("params").GetProperty("stage").GetString()).Distinct());
    }

    [Theory]
    [InlineData("u8", 3, false)]
    [InlineData("u8", 3, true)]
    [InlineData("u8", 1, false)]
    [InlineData("u8", 1, true)]
    [InlineData("u16", 3, false)]
    [InlineData("u16", 3, true)]
    [InlineData("u16", 1, false)]
    [InlineData("u16", 1, true)]
    [InlineData("f32", 3, false)]
    [InlineData("f32", 3, true)]
    [InlineData("f32", 1, false)]
    [InlineData("f32", 1, true)]
    public async Task PixelsOfEveryTypeChannelCountAndLayoutGiveThePointsOfTheFile(string dtype, int channels, bool planar)
    {
        var (path, model, region) = Crops[channels];
        await using var connection = await service.ConnectAsync();
        if (!FromFile.TryGetValue(channels, out var expected))
        {
            FromFile[channels] = expected = Samples.Points((await connection.CallAsync("detect", new { path, model, region })).Result);
        }
        var crop = new InMemoryRegionSource(Samples.Reader.Read(path)).ReadRegion(new PixelRegion(region[0], region[1], region[2], region[3]));
        Assert.Equal(channels, crop.Channels);
        var pixels = new { dtype, width = crop.Width, height = crop.Height, channels, layout = planar ? "planar" : "interleaved" };
        var result = (await connection.CallAsync("detect", new { pixels, model }, Samples.Encode(crop, dtype, planar))).Result;
        Assert.Equal(JsonValueKind.Null, result.GetProperty("page").ValueKind);
        Assert.Equal((crop.Width, crop.Height), (result.GetProperty("width").GetInt32(), result.GetProperty("height").GetInt32()));
        Samples.AssertSamePoints(expected, Samples.Points(result).Select(p => (p.X + region[0], p.Y + region[1], p.Score)).ToList());
    }

    [Fact]
    public async Task ARegionGivesItsCellsInTheWholeImagesCoordinates()
    {
        await using var connection = await service.ConnectAsync();
        var region = new PixelRegion(100, 150, 260, 200);
        var result = (await connection.CallAsync("detect", new { path = Samples.HeColon, model = ModelCatalog.BrightfieldModel, region = new[] { region.X, region.Y, region.Width, region.Height } })).Result;
        var expected = InProcess().Detect(DetectionInput.FromFile(Samples.HeColon, region: region), new DetectionRequest { Model = ModelCatalog.BrightfieldModel });
        var points = Samples.Points(result);
        Samples.AssertSamePoints(expected.Cells.Select(c => (c.X, c.Y, c.Score)).ToList(), points);
        Assert.All(points, p => Assert.True(p.X >= region.X && p.X < region.Right && p.Y >= region.Y && p.Y < region.Bottom, $"{p} outside {region}"));
        Assert.Equal([100, 150, 260, 200], result.GetProperty("region").EnumerateArray().Select(v => v.GetInt32()));
        Assert.Equal((500, 500), (result.GetProperty("width").GetInt32(), result.GetProperty("height").GetInt32()));
        Assert.Equal("requested", result.GetProperty("model").GetProperty("reason").GetString());
    }

    [Fact]
    public async Task GeoJsonAndTheProximityMapComeWithTheResultWhenAskedFor()
    {
        await using var connection = await service.ConnectAsync();
        var reply = await connection.CallAsync("detect", new { path = Samples.HeColon, region = new[] { 0, 0, 200, 120 }, outputs = new { geojson = true, proximityMap = true } });
        var result = reply.Result;
        using var geojson = JsonDocument.Parse(result.GetProperty("geojson").GetString()!);
        Assert.Equal("FeatureCollection", geojson.RootElement.GetProperty("type").GetString());
        Assert.Equal(result.GetProperty("count").GetInt32(), geojson.RootElement.GetProperty("features").GetArrayLength());
        var map = result.GetProperty("proximityMap");
        Assert.Equal((200, 120, "f32"), (map.GetProperty("width").GetInt32(), map.GetProperty("height").GetInt32(), map.GetProperty("dtype").GetString()));
        Assert.Equal(200 * 120 * 4, reply.Payload.Length);
        var values = new float[200 * 120];
        Buffer.BlockCopy(reply.Payload, 0, values, 0, reply.Payload.Length);
        Assert.All(values, v => Assert.InRange(v, 0f, 1f));
        // Each score is the map's peak: the largest value next to the (sub-pixel) point.
        foreach (var (x, y, score) in Samples.Points(result))
        {
            var (cx, cy) = ((int)Math.Round(x), (int)Math.Round(y));
            var peak = (from ny in Enumerable.Range(cy - 1, 3) from nx in Enumerable.Range(cx - 1, 3)
                        where nx is >= 0 and < 200 && ny is >= 0 and < 120 select values[ny * 200 + nx]).Max();
            Assert.Equal(score, peak, 3);
        }
    }

    [Fact]
    public async Task AModelOfTheModelsFolderIsUsedByItsName()
    {
        await using var connection = await service.ConnectAsync();
        var region = new[] { 0, 0, 256, 256 };
        var copy = (await connection.CallAsync("detect", new { path = Samples.HeColon, region, model = ServeFixture.CopiedModel })).Result;
        var original = (await connection.CallAsync("detect", new { path = Samples.HeColon, region, model = ModelCatalog.BrightfieldModel })).Result;
        Assert.Equal(ServeFixture.CopiedModel, copy.GetProperty("model").GetProperty("name").GetString());
        Samples.AssertSamePoints(Samples.Points(original), Samples.Points(copy), tolerance: 0);
    }

    [Fact]
    public async Task AModelTrainedAtOneCellSizeReportsItsEstimateAndTakesACellDiameterInstead()
    {
        var directory = Directory.CreateTempSubdirectory("celldetect-service-sized-").FullName;
        try
        {
            // The fluorescence weights in a file that records cells 16 px across: the service estimates an uncalibrated image's cell size for it.
            var model = Path.Combine(directory, "sized.cdmodel");
            var builtIn = catalog.Get(ModelCatalog.FluorescenceModel, ComputeDevice.Cpu);
            ModelFile.Save(model, builtIn.Network, builtIn.Metadata with { Name = "sized", CellDiameterPixels = 16, CellDiameterSource = null });
            await using var connection = await service.ConnectAsync();
            var estimated = (await connection.CallAsync("detect", new { path = Samples.Fluorescence, model })).Result;
            var diameter = estimated.GetProperty("estimatedCellDiameterPixels").GetDouble();
            // The clicks of this Huh7 image put its nuclei at about 34 px across.
            Assert.InRange(diameter, 28, 40);
            Assert.Equal(16 / diameter, estimated.GetProperty("scale").GetDouble(), 6);

            // A later frame of the same acquisition sends the estimate back: same scale, same cells, nothing estimated.
            var given = (await connection.CallAsync("detect", new { path = Samples.Fluorescence, model, cellDiameterPixels = diameter })).Result;
            Assert.False(given.TryGetProperty("estimatedCellDiameterPixels", out _));
            Assert.Equal(16 / diameter, given.GetProperty("scale").GetDouble(), 6);
            Samples.AssertSamePoints(Samples.Points(estimated), Samples.Points(given), tolerance: 0);
            Assert.Equal(0.5, (await connection.CallAsync("detect", new { path = Samples.Fluorescence, model, cellDiameterPixels = 32 })).Result.GetProperty("scale").GetDouble(), 6);

            // A model without a recorded cell diameter cannot be rescaled by one: the request is refused by the parameter's name.
            var refused = (await connection.CallAsync("detect", new { path = Samples.HeColon, model = ModelCatalog.BrightfieldModel, cellDiameterPixels = 12 })).AssertError("invalid_parameter");
            Assert.Equal("cellDiameterPixels", refused.GetProperty("parameter").GetString());
            Assert.Equal("cellDiameterPixels", (await connection.CallAsync("detect", new { path = Samples.HeColon, cellDiameterPixels = 0 })).AssertError("invalid_parameter").GetProperty("parameter").GetString());

            var listed = (await connection.CallAsync("models.list")).Result.GetProperty("models").EnumerateArray()
                .ToDictionary(m => m.GetProperty("name").GetString()!, m => (m.GetProperty("cellDiameterPixels").ValueKind, m.GetProperty("estimatesCellDiameter").GetBoolean()));
            Assert.Equal((JsonValueKind.Null, false), listed[ModelCatalog.BrightfieldModel]);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task TestTimeAugmentationGivesThePointsOfThePipelineWithItAndIsEchoed()
    {
        // Large fluorescence nuclei, the images it helps; one 256 x 256 tile, since it is 8 passes.
        var (path, model, region) = Crops[1];
        await using var connection = await service.ConnectAsync();
        var plain = (await connection.CallAsync("detect", new { path, model, region })).Result;
        var augmented = (await connection.CallAsync("detect", new { path, model, region, testTimeAugmentation = true })).Result;
        Assert.False(plain.GetProperty("testTimeAugmentation").GetBoolean());
        Assert.True(augmented.GetProperty("testTimeAugmentation").GetBoolean());
        var input = DetectionInput.FromFile(path, region: new PixelRegion(region[0], region[1], region[2], region[3]));
        var expected = InProcess().Detect(input, new DetectionRequest { Model = model, TestTimeAugmentation = true });
        Samples.AssertSamePoints(expected.Cells.Select(c => (c.X, c.Y, c.Score)).ToList(), Samples.Points(augmented));
        Assert.True(augmented.GetProperty("count").GetInt32() > 0);
        Assert.NotEqual(Samples.Points(plain), Samples.Points(augmented));

        var refused = (await connection.CallAsync("detect", new { path, model, region, testTimeAugmentation = "yes" })).AssertError("invalid_parameter");
        Assert.Equal("testTimeAugmentation", refused.GetProperty("parameter").GetString());
    }

    [Fact]
    public async Task EightClientsAtOnceAreAllAnsweredCorrectly()
    {
        List<(double X, double Y, double Score)> alone;
        await using (var connection = await service.ConnectAsync())
        {
            alone = Samples.Points((await connection.CallAsync("detect", new { path = Samples.HeColon })).Result);
        }
        var clients = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => service.ConnectAsync()));
        try
        {
            var results = await Task.WhenAll(clients.Select(async (client, i) =>
                // Half by path, half by pixels: both kinds share the one queue.
                i % 2 == 0
                    ? (await client.CallAsync("detect", new { path = Samples.HeColon })).Result
                    : (await client.CallAsync("detect", new { pixels = new { dtype = "u8", width = 500, height = 500, channels = 3 } }, HeColonPixels())).Result));
            Assert.All(results, result => Samples.AssertSamePoints(alone, Samples.Points(result), tolerance: 0));
        }
        finally
        {
            foreach (var client in clients)
            {
                await client.DisposeAsync();
            }
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void DetectThroughTheServiceWritesTheFilesAndLinesOfDetectInProcess(bool testTimeAugmentation)
    {
        string[] options = testTimeAugmentation ? ["--tta"] : [];
        var inProcess = Directory.CreateTempSubdirectory("celldetect-detect-").FullName;
        var served = Directory.CreateTempSubdirectory("celldetect-detect-server-").FullName;
        try
        {
            var local = Cli(["detect", Samples.HeColon, "--out", inProcess, .. options]);
            var remote = Cli(["detect", Samples.HeColon, "--out", served, "--server", service.Socket, .. options]);
            Assert.True(local.Code == 0, local.Error);
            Assert.True(remote.Code == 0, remote.Error);
            var name = Path.GetFileNameWithoutExtension(Samples.HeColon);
            Assert.Equal(File.ReadAllBytes(Path.Combine(inProcess, name + ".csv")), File.ReadAllBytes(Path.Combine(served, name + ".csv")));
            Assert.Equal(File.ReadAllBytes(Path.Combine(inProcess, name + ".geojson")), File.ReadAllBytes(Path.Combine(served, name + ".geojson")));
            Assert.Equal(File.ReadAllBytes(Path.Combine(inProcess, name + ".overlay.png")), File.ReadAllBytes(Path.Combine(served, name + ".overlay.png")));
            Assert.True(File.Exists(Path.Combine(served, name + ".roiset.zip")));
            Assert.Equal(Lines(local.Output, inProcess), Lines(remote.Output, served));
        }
        finally
        {
            Directory.Delete(inProcess, recursive: true);
            Directory.Delete(served, recursive: true);
        }
    }

    public void Dispose() => catalog.Dispose();

    /// <summary>The pipeline in this process, on the device and precision <c>serve</c> chose by default.</summary>
    private DetectionPipeline InProcess()
    {
        TorchRuntime.ConfigureThreads();
        return new DetectionPipeline(catalog, Samples.Reader, ComputeDevice.Resolve("cpu", "auto"));
    }

    private static byte[] HeColonPixels() => Samples.Encode(Samples.Reader.Read(Samples.HeColon), "u8", planar: false);

    private static (int Code, string Output, string Error) Cli(params string[] args)
    {
        using var app = CommandLineApp.Build();
        var output = new StringWriter();
        var error = new StringWriter();
        return (app.Run(args, output, error), output.ToString(), error.ToString());
    }

    /// <summary>The console lines without what differs between two runs: the time taken and the output folder.</summary>
    private static List<string> Lines(string output, string folder) =>
        output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => System.Text.RegularExpressions.Regex.Replace(l.Replace(folder, "OUT"), @" in [0-9.]+ s ", " in T s ")).ToList();
}
