using CellDetect.Core.Imaging;
using CellDetect.Model.Network;
using TorchSharp;

namespace CellDetect.Model.Tests;

internal static class TestNetworks
{
    public static StructuredRegressionNetwork Random(int channels, NetworkHead head = NetworkHead.StructuredRegression, int seed = 7)
    {
        torch.manual_seed(seed);
        var network = new StructuredRegressionNetwork(channels, head);
        network.eval();
        return network;
    }

    public static PlanarImage Noise(int width, int height, int channels, int seed = 3)
    {
        var random = new Random(seed);
        var pixels = new float[width * height * channels];
        for (int i = 0; i < pixels.Length; i++)
        {
            pixels[i] = (float)random.NextDouble();
        }
        return new PlanarImage(width, height, channels, pixels, SampleDescription.Float32);
    }
}
