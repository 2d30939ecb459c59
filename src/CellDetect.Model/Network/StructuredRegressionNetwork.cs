using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace CellDetect.Model.Network;

/// <summary>
/// The network of Xie et al. (Fig. 1): Input(49x49xc) - C(44x44x32, 6x6) - M(2x2 s2) - C(20x20x32, 3x3)
/// - M - C(8x8x32, 3x3) - F(1024) - F(1024) - F(289, sigmoid), ReLU elsewhere, dropout 0.2 on the
/// fully connected layers while training.
/// The fully connected layers are held as convolutions (F1 as 8x8, F2 and F3 as 1x1). On a 49x49
/// patch that is the same function with the same weights; on a larger input it evaluates every 49x49
/// window at an output stride of 4 in one pass (fast scanning): output (i, j) is the patch whose
/// top-left input pixel is (4j, 4i). <see cref="ProximityNetwork.forward"/> returns logits; apply
/// <see cref="ProximityNetwork.Activate"/> for probabilities.
/// </summary>
public sealed class StructuredRegressionNetwork : ProximityNetwork
{
    public const int InputPatchSize = 49;
    public const int ProximityPatchSize = 17;
    public const int OutputStride = 4;
    public const int FeatureMaps = 32;
    public const int HiddenUnits = 1024;
    public const double DropoutRate = 0.2;

    private static readonly long[] OneDnnDilation = { 2, 2 };

    private readonly Conv2d conv1;
    private readonly Conv2d conv2;
    private readonly Conv2d conv3;
    private readonly Conv2d fc1;
    private readonly Conv2d fc2;
    private readonly Conv2d fc3;
    private readonly MaxPool2d pool;
    private readonly Dropout dropout;

    public StructuredRegressionNetwork(int inputChannels, NetworkHead head) : base(nameof(StructuredRegressionNetwork), inputChannels, head)
    {
        conv1 = nn.Conv2d(inputChannels, FeatureMaps, 6);
        conv2 = nn.Conv2d(FeatureMaps, FeatureMaps, 3);
        conv3 = nn.Conv2d(FeatureMaps, FeatureMaps, 3);
        fc1 = nn.Conv2d(FeatureMaps, HiddenUnits, 8);
        fc2 = nn.Conv2d(HiddenUnits, HiddenUnits, 1);
        fc3 = nn.Conv2d(HiddenUnits, head.OutputUnits(), 1);
        pool = nn.MaxPool2d(2, 2);
        dropout = nn.Dropout(DropoutRate);
        RegisterComponents();
    }

    public override NetworkArchitecture Architecture => NetworkArchitecture.Paper;

    public override void InitializeOutputBias(double meanLabel)
    {
        using var noGrad = torch.no_grad();
        if (Head == NetworkHead.PixelClassification)
        {
            using var bias = torch.tensor(new[] { 0f, (float)LogitOf(meanLabel) });
            fc3.bias!.copy_(bias);
        }
        else
        {
            fc3.bias!.fill_(LogitOf(meanLabel));
        }
    }

    /// <summary>
    /// Logits for every window; <paramref name="patchStride"/> strides F1 over the pooled map, so output
    /// positions are 4 * patchStride input pixels apart.
    /// </summary>
    public override Tensor Forward(Tensor input, int patchStride)
    {
        using var scope = torch.NewDisposeScope();
        var x = pool.call(functional.relu(conv1.call(ChannelsLast(input))));
        x = pool.call(functional.relu(conv2.call(x)));
        x = functional.relu(conv3.call(x));
        x = patchStride == 1 ? fc1.call(x) : functional.conv2d(x, fc1.weight!, fc1.bias, strides: new long[] { patchStride, patchStride });
        x = dropout.call(functional.relu(x));
        x = dropout.call(functional.relu(Pointwise(fc2, x)));
        return Pointwise(fc3, x).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// A 1x1 convolution (F2, F3). On one CPU thread libtorch sends an undilated 1x1 convolution of a
    /// single image to its native im2col path, whose sgemm is MKL's, and MKL runs a generic code path on
    /// AMD CPUs: F2 took 0.22 s there against 0.09 s in oneDNN. A dilation changes nothing for a 1x1
    /// kernel but routes the call to oneDNN, on any thread count (docs/performance.md).
    /// </summary>
    private static Tensor Pointwise(Conv2d layer, Tensor x) =>
        x.device_type == DeviceType.CPU
            ? functional.conv2d(x, layer.weight!, layer.bias, dilation: OneDnnDilation)
            : layer.call(x);
}
