using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace CellDetect.Model.Network;

/// <summary>
/// The contract every network of a model honours, so that sampling, the eq. 3 loss, fusion, tiling, cross-validation
/// and model files work the same for each: on an input of 49 + 4k(n - 1) pixels per side, <see cref="Forward"/>
/// returns logits (N, units, n, n) for the n x n grid of 49 x 49 patches 4k pixels apart, each unit one pixel of the
/// head's proximity patch (the 17 x 17 patch row-major, or its centre) around the patch centre.
/// </summary>
public abstract class ProximityNetwork : Module<Tensor, Tensor>
{
    protected ProximityNetwork(string name, int inputChannels, NetworkHead head) : base(name)
    {
        InputChannels = inputChannels;
        Head = head;
    }

    public int InputChannels { get; }

    public NetworkHead Head { get; }

    public abstract NetworkArchitecture Architecture { get; }

    /// <summary>
    /// Starts the output layer near the mean label. With a zero bias the sigmoid starts at 0.5 over a
    /// map that is ~95% zeros, and Adam drives it to an all-zero map it never leaves.
    /// </summary>
    public abstract void InitializeOutputBias(double meanLabel);

    public override Tensor forward(Tensor input) => Forward(input, 1);

    /// <summary>Logits of every patch; output positions are 4 * <paramref name="patchStride"/> input pixels apart.</summary>
    public abstract Tensor Forward(Tensor input, int patchStride);

    /// <summary>Turns logits into the head's prediction: proximity values, or the cell-class probability for PWC.</summary>
    public Tensor Activate(Tensor logits) =>
        Head == NetworkHead.PixelClassification ? functional.softmax(logits, 1).narrow(1, 1, 1) : functional.sigmoid(logits);

    /// <summary>The output bias that makes the sigmoid start at <paramref name="meanLabel"/> (clamped away from 0 and 1).</summary>
    protected static double LogitOf(double meanLabel)
    {
        var p = Math.Clamp(meanLabel, 1e-3, 1 - 1e-3);
        return Math.Log(p / (1 - p));
    }

    /// <summary>
    /// The input with channels-last strides on CPU. libtorch carries that layout through every
    /// convolution, and oneDNN then runs them without converting activations to and from its blocked layout
    /// (two reorders of about 10 ms at each of the paper network's layer boundaries: one pass took 159 ms instead of
    /// 185 ms in float32 and 81 ms instead of 102 ms in bfloat16 on 2 threads).
    /// TorchSharp 0.107 has no memory-format argument, so the layout is made by a permuted copy.
    /// </summary>
    protected static Tensor ChannelsLast(Tensor input) =>
        input.device_type == DeviceType.CPU ? input.permute(0, 2, 3, 1).contiguous().permute(0, 3, 1, 2) : input;
}
