using CellDetect.Core.Imaging;
using CellDetect.Model.Files;
using CellDetect.Model.Inference;
using CellDetect.Model.Network;
using CellDetect.Model.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace CellDetect.Model.Tests;

/// <summary>
/// The U-Net option honours the networks' contract (the paper network's patches, so training shares the sampler and
/// the eq. 3 loss), and detection reads its full-resolution map so that tiles fuse exactly.
/// </summary>
public sealed class ProximityUNetTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("celldetect-unet").FullName;

    public void Dispose() => Directory.Delete(directory, true);

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void PatchesAreTheMapCutAtEachGridPosition(int patchStride)
    {
        using var network = RandomUNet(1);
        var spacing = StructuredRegressionNetwork.OutputStride * patchStride;
        var image = TestNetworks.Noise(49 + spacing * 5, 49 + spacing * 3, 1);
        using var scope = torch.NewDisposeScope();
        using var inference = torch.inference_mode();
        var input = ProximityPredictor.ReadWindow(image, 0, 0, image.Width, image.Height);
        var patches = network.Forward(input, patchStride);
        Assert.Equal(new long[] { 1, 289, 4, 6 }, patches.shape);
        var map = network.Map(input);
        Assert.Equal(new long[] { 1, 1, image.Height, image.Width }, map.shape);
        foreach (var (i, j, row, column) in new[] { (0, 0, 0, 0), (3, 5, 16, 16), (2, 1, 8, 3), (1, 4, 0, 16) })
        {
            var expected = map[0, 0, spacing * i + 16 + row, spacing * j + 16 + column].item<float>();
            Assert.Equal(expected, patches[0, row * 17 + column, i, j].item<float>(), 6);
        }
    }

    [Fact]
    public void DetectionMapIsTheNetworksMapWhateverTheStrideAndTiling()
    {
        using var network = RandomUNet(3);
        var image = TestNetworks.Noise(150, 121, 3);
        var whole = new ProximityPredictor(network, ComputeDevice.Cpu) { TileSize = 1024 }.Predict(image, 4);
        var tiled = new ProximityPredictor(network, ComputeDevice.Cpu) { TileSize = 37 }.Predict(image, 4);
        var strided = new ProximityPredictor(network, ComputeDevice.Cpu).Predict(image, 8);
        Assert.True(MaxDifference(whole, tiled) < 1e-5, $"tiles: max difference {MaxDifference(whole, tiled)}");
        Assert.Equal(whole, strided);

        // The map of the image mirrored by the network's context on every side, origin on the poolings' grid.
        var radius = ProximityUNet.ReceptiveRadius;
        using var scope = torch.NewDisposeScope();
        using var inference = torch.inference_mode();
        var extended = ProximityPredictor.ReadReflected(new InMemoryRegionSource(image), -radius, -radius, image.Width + 2 * radius, image.Height + 2 * radius);
        var expected = network.Activate(network.Map(ProximityPredictor.ReadWindow(extended, 0, 0, extended.Width, extended.Height)));
        foreach (var (x, y) in new[] { (0, 0), (149, 120), (75, 60), (3, 117) })
        {
            Assert.Equal(expected[0, 0, y + radius, x + radius].item<float>(), whole[y * image.Width + x], 5);
        }
    }

    [Fact]
    public void SavedUNetLoadsAsAUNetAndPredictsTheSame()
    {
        using var network = RandomUNet(1);
        var path = Path.Combine(directory, "unet.cdmodel");
        ModelFile.Save(path, network, new ModelMetadata { Name = "unet", Channels = ChannelMapping.Gray });
        using var loaded = ModelFile.Load(path);
        Assert.Equal("proximity-unet", loaded.Metadata.Architecture);
        Assert.IsType<ProximityUNet>(loaded.Network);
        var image = TestNetworks.Noise(60, 50, 1);
        var expected = new ProximityPredictor(network, ComputeDevice.Cpu).Predict(image, 4);
        var actual = new ProximityPredictor(loaded.Network, ComputeDevice.Cpu).Predict(image, 4);
        Assert.True(MaxDifference(expected, actual) < 1e-6, $"max difference {MaxDifference(expected, actual)}");
    }

    [Fact]
    public void UnknownArchitectureIsRefusedNamingTheOnesThisBuildRuns()
    {
        using var network = RandomUNet(1);
        var path = Path.Combine(directory, "other.cdmodel");
        ModelFile.Save(path, network, new ModelMetadata { Name = "other", Channels = ChannelMapping.Gray });
        var metadata = System.Text.Encoding.UTF8.GetString(ModelArchive.Read(path, "metadata.json")).Replace("proximity-unet", "transformer-9000");
        ModelArchive.Replace(path, "metadata.json", System.Text.Encoding.UTF8.GetBytes(metadata));
        var error = Assert.Throws<ModelFileException>(() => ModelFile.Load(path)).Message;
        Assert.Contains("'transformer-9000'", error);
        Assert.Contains("'xie2015-structured-regression', 'proximity-unet'", error);
    }

    [Fact]
    public void OnlyTheStructuredRegressionHeadIsOffered()
    {
        Assert.Contains("structured regression", Assert.Throws<ArgumentException>(() => new ProximityUNet(1, NetworkHead.PixelRegression)).Message);
        var options = new TrainingOptions { Architecture = NetworkArchitecture.UNet, Head = NetworkHead.PixelClassification };
        Assert.Equal(nameof(TrainingOptions.Head), Assert.Throws<ArgumentException>(options.Validate).ParamName);
    }

    [Fact]
    public void EveryParameterMovesToTheChosenDevice()
    {
        var meta = new ComputeDevice(DeviceType.META, InferencePrecision.Float16);
        using var model = new LoadedModel(new ModelMetadata { Channels = ChannelMapping.Gray }, RandomUNet(1)).MoveTo(meta);
        Assert.NotEmpty(model.Network.parameters());
        Assert.All(model.Network.parameters(), p =>
        {
            Assert.Equal(DeviceType.META, p.device_type);
            Assert.Equal(ScalarType.Float16, p.dtype);
        });
    }

    private static ProximityUNet RandomUNet(int channels)
    {
        torch.manual_seed(11);
        var network = new ProximityUNet(channels, NetworkHead.StructuredRegression);
        network.eval();
        return network;
    }

    private static float MaxDifference(float[] a, float[] b) => a.Zip(b, (x, y) => Math.Abs(x - y)).Max();
}
