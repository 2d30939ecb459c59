using CellDetect.Core.Imaging;
using CellDetect.Model.Files;
using CellDetect.Model.Network;
using TorchSharp;

namespace CellDetect.Model.Tests;

public sealed class ModelFileTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("celldetect-model").FullName;

    public void Dispose() => Directory.Delete(directory, true);

    [Theory]
    [InlineData("float32", 1e-6)]
    [InlineData("float16", 2e-3)]
    public void SavedModelPredictsLikeTheOriginal(string precision, double tolerance)
    {
        using var network = TestNetworks.Random(1);
        var path = Path.Combine(directory, "m.cdmodel");
        var saved = ModelFile.Save(path, network, new ModelMetadata { Name = "m", Channels = ChannelMapping.Gray, Threshold = 0.42, WeightPrecision = precision });
        var loaded = ModelFile.Load(path);
        Assert.Equal(saved, loaded.Metadata with { Normalization = saved.Normalization, Training = saved.Training });
        Assert.Equal(0.42, loaded.Metadata.Threshold);
        Assert.Equal(64, loaded.Metadata.ContentSha256.Length);
        using var input = torch.rand(1, 1, 49, 49);
        using var expected = network.Activate(network.call(input));
        loaded.Network.eval();
        using var actual = loaded.Network.Activate(loaded.Network.call(input));
        Assert.True((expected - actual).abs().max().item<float>() < tolerance);
        Assert.Empty(Directory.GetFiles(directory, "*.tmp"));
    }

    [Fact]
    public void DamagedWeightsAreRejectedByTheirHash()
    {
        var path = SaveSmallModel();
        var bytes = ModelArchive.Read(path, "weights.bin");
        bytes[^10] ^= 0x55;
        ModelArchive.Replace(path, "weights.bin", bytes);
        var error = Assert.Throws<ModelFileException>(() => ModelFile.Load(path));
        Assert.Contains("damaged", error.Message);
        Assert.Contains(path, error.Message);
    }

    [Fact]
    public void TruncatedFileIsAClearError()
    {
        var path = SaveSmallModel();
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);
        var error = Assert.Throws<ModelFileException>(() => ModelFile.Load(path));
        Assert.Contains(path, error.Message);
    }

    [Fact]
    public void MissingFileAndUnknownBuiltInNameAreClearErrors()
    {
        var missing = Path.Combine(directory, "nope.cdmodel");
        Assert.Contains("does not exist", Assert.Throws<ModelFileException>(() => ModelFile.Load(missing)).Message);
        var error = Assert.Throws<ModelFileException>(() => new ModelCatalog().Get("no-such-model", ComputeDevice.Cpu));
        Assert.Contains("neither a model file nor a built-in model", error.Message);
    }

    [Fact]
    public void ModelOfAnotherArchitectureVersionIsRefused()
    {
        var path = Path.Combine(directory, "future.cdmodel");
        using var network = TestNetworks.Random(1);
        ModelFile.Save(path, network, new ModelMetadata { Channels = ChannelMapping.Gray, ArchitectureVersion = 99 });
        Assert.Contains("v99", Assert.Throws<ModelFileException>(() => ModelFile.Load(path)).Message);
    }

    [Fact]
    public void BuiltInChoiceFollowsChannelsAndBackground()
    {
        var gray = new PlanarImage(8, 8, 1, SampleDescription.UInt8);
        Assert.Equal(ModelCatalog.FluorescenceModel, ModelCatalog.ChooseFor(gray).Name);
        var bright = new PlanarImage(8, 8, 3, Enumerable.Repeat(230f, 192).ToArray(), SampleDescription.UInt8);
        Assert.Equal(ModelCatalog.BrightfieldModel, ModelCatalog.ChooseFor(bright).Name);
        var dark = new PlanarImage(8, 8, 3, Enumerable.Repeat(12f, 192).ToArray(), SampleDescription.UInt8);
        Assert.Equal(ModelCatalog.FluorescenceModel, ModelCatalog.ChooseFor(dark).Name);
    }

    private string SaveSmallModel()
    {
        var path = Path.Combine(directory, "small.cdmodel");
        using var network = TestNetworks.Random(1, NetworkHead.PixelRegression);
        ModelFile.Save(path, network, new ModelMetadata { Channels = ChannelMapping.Gray, Head = NetworkHead.PixelRegression });
        return path;
    }
}
