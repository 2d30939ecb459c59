using CellDetect.Model.Files;
using CellDetect.Model.Inference;
using CellDetect.Model.Network;
using TorchSharp;

namespace CellDetect.Model.Tests;

public sealed class ProximityPredictorTests
{
    [Fact]
    public void ConvolutionalPassEqualsPatchwiseNetworkAtCoincidingCentres()
    {
        using var network = TestNetworks.Random(3);
        var image = TestNetworks.Noise(49 + 4 * 5, 49 + 4 * 3, 3);
        using var inference = torch.inference_mode();
        using var whole = ProximityPredictor.ReadWindow(image, 0, 0, image.Width, image.Height);
        using var dense = network.Activate(network.call(whole)); // (1, 289, 4, 6)
        Assert.Equal(new long[] { 1, 289, 4, 6 }, dense.shape);
        for (int i = 0; i < 4; i++)
        {
            for (int j = 0; j < 6; j++)
            {
                using var patch = ProximityPredictor.ReadWindow(image, 4 * j, 4 * i, 49, 49);
                using var single = network.Activate(network.call(patch)).flatten();
                using var column = dense[0, .., i, j].flatten();
                var difference = (single - column).abs().max().item<float>();
                Assert.True(difference < 1e-4, $"centre ({4 * j + 24},{4 * i + 24}): max difference {difference}");
            }
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(8)]
    public void FusedMapOfFastScanningEqualsPatchwiseScanning(int stride)
    {
        using var network = TestNetworks.Random(1);
        var image = TestNetworks.Noise(45, 38, 1);
        var predictor = new ProximityPredictor(network, ComputeDevice.Cpu);
        var fast = predictor.Predict(image, stride, ScanStrategy.FullyConvolutional);
        var reference = predictor.Predict(image, stride, ScanStrategy.Patchwise);
        Assert.True(MaxDifference(fast, reference) < 1e-4, $"stride {stride}: max difference {MaxDifference(fast, reference)}");
        Assert.All(fast, v => Assert.True(v > 0, "every pixel gets votes"));
    }

    [Fact]
    public void TilesFuseToTheWholeImageMapWithoutSeams()
    {
        using var network = TestNetworks.Random(3);
        var image = TestNetworks.Noise(150, 121, 3);
        var whole = new ProximityPredictor(network, ComputeDevice.Cpu) { TileSize = 1024 }.Predict(image, 4);
        var tiled = new ProximityPredictor(network, ComputeDevice.Cpu) { TileSize = 37 }.Predict(image, 4);
        Assert.True(MaxDifference(whole, tiled) < 1e-5, $"max difference {MaxDifference(whole, tiled)}");
    }

    [Fact]
    public void BFloat16MapStaysCloseToFloat32()
    {
        using var network = TestNetworks.Random(3);
        var image = TestNetworks.Noise(70, 64, 3);
        var reference = new ProximityPredictor(network, ComputeDevice.Cpu).Predict(image, 4);
        network.to(torch.ScalarType.BFloat16);
        var reduced = new ProximityPredictor(network, new ComputeDevice(DeviceType.CPU, InferencePrecision.BFloat16)).Predict(image, 4);
        Assert.True(MaxDifference(reference, reduced) < 0.02, $"max difference {MaxDifference(reference, reduced)}");
    }

    [Fact]
    public void CancellationStopsBetweenTiles()
    {
        using var network = TestNetworks.Random(1);
        var image = TestNetworks.Noise(100, 100, 1);
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        Assert.Throws<OperationCanceledException>(() => new ProximityPredictor(network, ComputeDevice.Cpu) { TileSize = 50 }.Predict(image, 4, cancellation: cancelled.Token));
    }

    [Fact]
    public void PixelWiseHeadsProduceAMapToo()
    {
        using var network = TestNetworks.Random(1, NetworkHead.PixelClassification);
        var image = TestNetworks.Noise(40, 30, 1);
        var map = new ProximityPredictor(network, ComputeDevice.Cpu).Predict(image, 1);
        Assert.All(map, v => Assert.InRange(v, 0f, 1f));
    }

    private static float MaxDifference(float[] a, float[] b) => a.Zip(b, (x, y) => Math.Abs(x - y)).Max();
}
