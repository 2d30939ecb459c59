using CellDetect.Core.Detection;
using CellDetect.Core.Imaging;
using CellDetect.Model.Inference;
using CellDetect.Model.Network;
using TorchSharp;

namespace CellDetect.Model.Tests;

/// <summary>
/// Test-time augmentation: the map averaged over the 8 flips and rotations, each turned back. Computed window by
/// window on transformed views of the input, it must equal the definition computed on whole transformed images.
/// </summary>
public sealed class TestTimeAugmentationTests
{
    [Theory]
    [InlineData(4)]
    [InlineData(5)]
    public void TheTiledMapIsTheMeanOfTheEightTransformedMapsTurnedBack(int stride)
    {
        using var network = TestNetworks.Random(3);
        var image = TestNetworks.Noise(61, 47, 3);
        var whole = new ProximityPredictor(network, ComputeDevice.Cpu) { TileSize = 1024 };
        var expected = new float[image.Width * image.Height];
        foreach (var transform in DihedralTransform.All)
        {
            var moved = transform.Apply(image);
            var map = new PlanarImage(moved.Width, moved.Height, 1, whole.Predict(moved, stride), SampleDescription.Float32);
            var back = transform.Inverse.Apply(map);
            for (int i = 0; i < expected.Length; i++)
            {
                expected[i] += back.Pixels[i] / 8;
            }
        }
        var tiled = new ProximityPredictor(network, ComputeDevice.Cpu) { TileSize = 23 }.Predict(image, stride, testTimeAugmentation: true);
        Assert.True(MaxDifference(expected, tiled) < 1e-5, $"max difference {MaxDifference(expected, tiled)}");
        var plain = whole.Predict(image, stride);
        Assert.True(MaxDifference(plain, tiled) > 1e-3, "a random network is not symmetric: averaging must change its map");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    public void TheMapOfASymmetricInputWithASymmetricNetworkIsThePlainMap(int stride)
    {
        // A network whose output ignores its input and is a symmetric proximity patch commutes with every flip and
        // rotation; on a 57x57 input (56 is a multiple of both strides) so does the scan grid, so averaging changes nothing.
        using var network = SymmetricConstantNetwork();
        var image = Symmetric(57);
        var predictor = new ProximityPredictor(network, ComputeDevice.Cpu) { TileSize = 20 };
        var plain = predictor.Predict(image, stride);
        var averaged = predictor.Predict(image, stride, testTimeAugmentation: true);
        Assert.True(MaxDifference(plain, averaged) < 1e-6, $"max difference {MaxDifference(plain, averaged)}");
        Assert.True(plain.Max() - plain.Min() > 0.01, "the map varies near the border, so a misplaced window would show");
    }

    [Fact]
    public void TheAveragedMapOfASymmetricInputIsSymmetricWhateverTheNetwork()
    {
        using var network = TestNetworks.Random(1);
        var image = new PlanarImage(57, 57, 1, Symmetric(57).Pixels, SampleDescription.Float32);
        var predictor = new ProximityPredictor(network, ComputeDevice.Cpu) { TileSize = 30 };
        var averaged = new PlanarImage(57, 57, 1, predictor.Predict(image, 4, testTimeAugmentation: true), SampleDescription.Float32);
        var plain = new PlanarImage(57, 57, 1, predictor.Predict(image, 4), SampleDescription.Float32);
        foreach (var transform in DihedralTransform.All)
        {
            Assert.True(MaxDifference(averaged.Pixels, transform.Apply(averaged).Pixels) < 1e-5, $"{transform}: the averaged map is not symmetric");
        }
        Assert.Contains(DihedralTransform.All, t => MaxDifference(plain.Pixels, t.Apply(plain).Pixels) > 1e-3);
    }

    /// <summary>Every weight zero, the output bias the logits of the eq. 1 patch of a centred cell (symmetric under all 8 transforms).</summary>
    private static StructuredRegressionNetwork SymmetricConstantNetwork()
    {
        var network = TestNetworks.Random(1);
        var half = StructuredRegressionNetwork.ProximityPatchSize / 2;
        var mask = new ProximityMask();
        var logits = new float[StructuredRegressionNetwork.ProximityPatchSize * StructuredRegressionNetwork.ProximityPatchSize];
        for (int y = -half; y <= half; y++)
        {
            for (int x = -half; x <= half; x++)
            {
                var p = Math.Clamp(mask.ValueAt(Math.Sqrt(x * x + y * y)), 0.01, 0.99);
                logits[(y + half) * (2 * half + 1) + x + half] = (float)Math.Log(p / (1 - p));
            }
        }
        using var noGrad = torch.no_grad();
        foreach (var (name, parameter) in network.named_parameters())
        {
            if (name == "fc3.bias")
            {
                using var bias = torch.tensor(logits);
                parameter.copy_(bias);
            }
            else
            {
                parameter.zero_();
            }
        }
        return network;
    }

    /// <summary>A square image symmetric under all 8 transforms: a function of the sorted distances to the centre row and column.</summary>
    private static PlanarImage Symmetric(int side)
    {
        var image = new PlanarImage(side, side, 1, SampleDescription.Float32);
        var centre = side / 2;
        for (int y = 0; y < side; y++)
        {
            for (int x = 0; x < side; x++)
            {
                var (a, b) = (Math.Abs(x - centre), Math.Abs(y - centre));
                image[0, y, x] = (float)(0.5 + 0.4 * Math.Sin(0.5 * Math.Min(a, b)) * Math.Cos(0.3 * Math.Max(a, b)));
            }
        }
        return image;
    }

    private static float MaxDifference(float[] a, float[] b) => a.Zip(b, (x, y) => Math.Abs(x - y)).Max();
}
