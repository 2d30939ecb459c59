using CellDetect.Model.Files;
using CellDetect.Model.Inference;
using TorchSharp;
using static TorchSharp.torch;

namespace CellDetect.Model.Tests;

/// <summary>
/// The CUDA path without a GPU, on libtorch's "meta" device (shapes and types, no data). The model is
/// moved there by the catalog's code and every parameter is checked; a pass's input reaches the
/// device through the predictor's one crossing point, checked too; the network combines nothing but
/// that input and its parameters. The same code with DeviceType.CUDA runs on a GPU. (This libtorch
/// has no meta convolution kernel, so a whole pass cannot run there.)
/// </summary>
public sealed class DevicePlacementTests
{
    private static readonly ComputeDevice Meta = new(DeviceType.META, InferencePrecision.Float32);

    [Theory]
    [InlineData(InferencePrecision.Float32)]
    [InlineData(InferencePrecision.Float16)]
    public void EveryParameterAndEveryInputOfAPassSitsOnTheChosenDevice(InferencePrecision precision)
    {
        var device = Meta with { Precision = precision };
        using var model = ModelCatalog.Load(ModelCatalog.BrightfieldModel).MoveTo(device);
        Assert.All(model.Network.parameters(), p =>
        {
            Assert.Equal(DeviceType.META, p.device_type);
            Assert.Equal(precision.ScalarType(), p.dtype);
        });
        var predictor = new ProximityPredictor(model.Network, device);
        using var scope = torch.NewDisposeScope();
        var input = predictor.ToDevice(torch.zeros(1, 3, 61, 61));
        Assert.Equal(DeviceType.META, input.device_type);
        Assert.Equal(precision.ScalarType(), input.dtype);
        Assert.Equal(new long[] { 1, 3, 61, 61 }, input.shape);
    }

    [Fact]
    public void TheCatalogKeysModelsOnDeviceAndPrecision()
    {
        using var catalog = new ModelCatalog();
        var cpu = catalog.Get(ModelCatalog.BrightfieldModel, ComputeDevice.Cpu);
        var meta = catalog.Get(ModelCatalog.BrightfieldModel, Meta);
        var half = catalog.Get(ModelCatalog.BrightfieldModel, Meta with { Precision = InferencePrecision.Float16 });
        Assert.Same(cpu, catalog.Get(ModelCatalog.BrightfieldModel, ComputeDevice.Cpu));
        Assert.NotSame(cpu, meta);
        Assert.NotSame(meta, half);
        Assert.Equal(DeviceType.CPU, cpu.Network.parameters().First().device_type);
        Assert.Equal(DeviceType.META, meta.Network.parameters().First().device_type);
        Assert.Equal(ScalarType.Float16, half.Network.parameters().First().dtype);
    }

    [Fact]
    public void TrainingRunsOnTheChosenDevice()
    {
        var sample = SyntheticCells.Make("meta", 80, 6, 5);
        var options = new Training.TrainingOptions { Channels = Core.Imaging.ChannelMapping.Gray, Epochs = 1, StepsPerEpoch = 1, CropsPerStep = 1, Device = Meta };
        // Run on the CPU, this trains to the end; moved to meta, the first training step reaches the network there and stops for want of a kernel.
        var error = Assert.ThrowsAny<Exception>(() => new Training.Trainer(options).Train(new[] { sample }, Array.Empty<Training.TrainingSample>()));
        Assert.Contains("convolution_overrideable not implemented", error.Message.Split('\n')[0]);
    }
}
