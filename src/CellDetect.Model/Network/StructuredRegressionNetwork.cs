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
/// top-left input pixel is (4j, 4i). <see cref="forward"/> returns logits; apply
/// <see cref="Activate"/> for probabilities.
/// </summary>
public sealed class StructuredRegressionNetwork : Module<Tensor, Tensor>
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

    public StructuredRegressionNetwork(int inputChannels, NetworkHead head) : base(nameof(StructuredRegressionNetwork))
    {
        InputChannels = inputChannels;
        Head = head;
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

    public int InputChannels { get; }

    public NetworkHead Head { get; }

    /// <summary>
    /// Starts the output layer near the mean label. With a zero bias the sigmoid starts at 0.5 over a
    /// map that is ~95% zeros, and Adam drives it to an all-zero map it never leaves.
    /// </summary>
    public void InitializeOutputBias(double meanLabel)
    {
        using var noGrad = torch.no_grad();
        var p = Math.Clamp(meanLabel, 1e-3, 1 - 1e-3);
        if (Head == NetworkHead.PixelClassification)
        {
            using var bias = torch.tensor(new[] { 0f, (float)Math.Log(p / (1 - p)) });
            fc3.bias!.copy_(bias);
        }
        else
        {
            fc3.bias!.fill_(Math.Log(p / (1 - p)));
        }
    }

    public override Tensor forward(Tensor input) => Forward(input, 1);

    /// <summary>
    /// Logits for every window; <paramref name="patchStride"/> strides F1 over the pooled map, so output
    /// positions are 4 * patchStride input pixels apart.
    /// </summary>
    public Tensor Forward(Tensor input, int patchStride)
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
    /// The input with channels-last strides on CPU. libtorch carries that layout through every
    /// convolution, and oneDNN then runs them without converting each FC layer's 41 MB activations to
    /// and from its blocked layout (two reorders of about 10 ms at each layer boundary): one pass took
    /// 159 ms instead of 185 ms in float32 and 81 ms instead of 102 ms in bfloat16 on 2 threads.
    /// TorchSharp 0.107 has no memory-format argument, so the layout is made by a permuted copy.
    /// </summary>
    private static Tensor ChannelsLast(Tensor input) =>
        input.device_type == DeviceType.CPU ? input.permute(0, 2, 3, 1).contiguous().permute(0, 3, 1, 2) : input;

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

    /// <summary>Turns logits into the head's prediction: proximity values, or the cell-class probability for PWC.</summary>
    public Tensor Activate(Tensor logits) =>
        Head == NetworkHead.PixelClassification ? functional.softmax(logits, 1).narrow(1, 1, 1) : functional.sigmoid(logits);
}
