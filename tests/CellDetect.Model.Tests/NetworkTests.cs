using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace CellDetect.Model.Tests;

public sealed class NetworkTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void ForwardRoutingOfPointwiseLayersKeepsTheLogitsOfPlainLayers(int threads)
    {
        var before = torch.get_num_threads();
        torch.set_num_threads(threads);
        try
        {
            using var network = TestNetworks.Random(3);
            var layers = network.named_children().ToDictionary(c => c.name, c => (Module<Tensor, Tensor>)c.module);
            using var inference = torch.inference_mode();
            using var scope = torch.NewDisposeScope();
            var input = torch.rand(1, 3, 49 + 4 * 9, 49 + 4 * 7);
            var x = layers["pool"].call(functional.relu(layers["conv1"].call(input)));
            x = layers["pool"].call(functional.relu(layers["conv2"].call(x)));
            x = functional.relu(layers["conv3"].call(x));
            x = functional.relu(layers["fc1"].call(x));
            x = functional.relu(layers["fc2"].call(x));
            var reference = layers["fc3"].call(x);

            var logits = network.call(input);

            Assert.Equal(reference.shape, logits.shape);
            var difference = (logits - reference).abs().max().item<float>();
            Assert.True(difference < 1e-4, $"{threads} thread(s): max difference {difference}");
        }
        finally
        {
            torch.set_num_threads(before);
        }
    }
}
