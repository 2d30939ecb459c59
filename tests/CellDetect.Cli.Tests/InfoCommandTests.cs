using System.Text.Json;
using static CellDetect.Cli.Tests.CliHarness;

namespace CellDetect.Cli.Tests;

public sealed class InfoCommandTests : IDisposable
{
    private readonly string root = TemporaryDirectory("info");

    public void Dispose() => DeleteTemporaryDirectory(root);

    [Fact]
    public void DescribesATiledRgbTiff()
    {
        var (code, output, error) = Run("info", SharedData("bm_graz/train/BM_GRAZ_HE_0002_02.tif"));
        Assert.True(code == 0, error);
        using var json = JsonDocument.Parse(output);
        var root = json.RootElement;
        Assert.Equal(1200, root.GetProperty("width").GetInt32());
        Assert.Equal(1200, root.GetProperty("height").GetInt32());
        Assert.Equal(3, root.GetProperty("channels").GetInt32());
        Assert.Equal(8, root.GetProperty("bitsPerSample").GetInt32());
        Assert.Equal("uint", root.GetProperty("sampleFormat").GetString());
        Assert.Equal(1, root.GetProperty("pages").GetInt32());
        Assert.True(root.GetProperty("tiled").GetBoolean());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("pixelSizeMicrons").ValueKind);
        Assert.Equal("tiff", root.GetProperty("format").GetString());
        Assert.Equal(256, root.GetProperty("tileWidth").GetInt32());
    }

    [Theory]
    [InlineData("fluo_huh7_hepg2/train/1.tif", 1024, 768, 1, false, "tiff")]
    [InlineData("crchisto/train/img1.tif", 500, 500, 3, false, "tiff")]
    [InlineData("vgg_cells/train/001cell.png", 256, 256, 3, false, "png")]
    public void DescribesTheSharedData(string relative, int width, int height, int channels, bool tiled, string format)
    {
        var (code, output, error) = Run("info", SharedData(relative));
        Assert.True(code == 0, error);
        using var json = JsonDocument.Parse(output);
        var root = json.RootElement;
        Assert.Equal((width, height, channels, tiled, format),
            (root.GetProperty("width").GetInt32(), root.GetProperty("height").GetInt32(), root.GetProperty("channels").GetInt32(),
             root.GetProperty("tiled").GetBoolean(), root.GetProperty("format").GetString()));
    }

    [Fact]
    public void MissingAndDamagedFilesExitWithOne()
    {
        var missing = Path.Combine(root, "nope.tif");
        var (code, output, error) = Run("info", missing);
        Assert.Equal(1, code);
        Assert.Equal(string.Empty, output);
        Assert.Contains(missing, error, StringComparison.Ordinal);

        var damaged = Path.Combine(root, "cut.tif");
        var bytes = File.ReadAllBytes(SharedData("crchisto/train/img1.tif"));
        File.WriteAllBytes(damaged, bytes[..(bytes.Length / 3)]);
        (code, _, error) = Run("info", damaged);
        Assert.Equal(1, code);
        Assert.Contains(damaged, error, StringComparison.Ordinal);

        var text = Path.Combine(root, "text.png");
        File.WriteAllText(text, "hello");
        (code, _, error) = Run("info", text);
        Assert.Equal(1, code);
        Assert.Contains("unknown image format", error, StringComparison.Ordinal);
    }

    [Fact]
    public void NeedsExactlyOneImage()
    {
        Assert.Equal(2, Run("info").Code);
        Assert.Equal(2, Run("info", "a.tif", "b.tif").Code);
    }
}
