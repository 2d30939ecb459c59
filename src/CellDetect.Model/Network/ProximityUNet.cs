using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace CellDetect.Model.Network;

/// <summary>
/// A small encoder-decoder (U-Net: three 2x2 poolings, 16-32-64-128 feature maps, two 3x3 convolutions with ReLU per
/// level, transposed-convolution upsampling, skip connections; 0.48 M weights) that regresses the eq. 1 proximity
/// map at full resolution. Its receptive field (about 117 px across, against the paper network's 49) sees a whole large
/// nucleus and its neighbours. It is an option beside the paper's network (issue 11, point 6), not the method.
/// To honour <see cref="ProximityNetwork"/>'s contract, the full-resolution map is cut into the 17 x 17 proximity
/// patches of the grid positions the caller asks for, so the sampler, the eq. 3 loss (same labels, same weights),
/// fusion, tiling and model files are shared with the paper's network: fusing those patches gives back the map.
/// No normalisation layer: a pixel's value depends only on the pixels within its receptive field, never on the rest
/// of the tile, so a map does not change with how an image is tiled beyond the tile's margin.
/// </summary>
public sealed class ProximityUNet : ProximityNetwork, IFullResolutionNetwork
{
    public const int BaseFeatureMaps = 16;
    public const int Poolings = 3;

    /// <summary>Input sides are padded (zeros, right and bottom) to a multiple of this, so every pooling halves exactly.</summary>
    public const int SideMultiple = 1 << Poolings;

    /// <summary>
    /// Pixels on each side that reach an output pixel: 2 per 3x3 convolution at each level's scale (2 + 4 + 8 + 16 + 8
    /// + 4 + 2 = 44), plus what the poolings and the 2x2 upsamplings add (at most 1 + 2 + 4 each way): 58 at most,
    /// rounded up to a whole number of pooling cells.
    /// </summary>
    public const int ReceptiveRadius = 64;

    /// <summary>Offset of a patch's proximity patch within its 49 x 49 input patch: (49 - 17) / 2.</summary>
    private const int ProximityOffset = (StructuredRegressionNetwork.InputPatchSize - StructuredRegressionNetwork.ProximityPatchSize) / 2;

    private readonly ModuleList<Sequential> encoder = new();
    private readonly Sequential bottleneck;
    private readonly ModuleList<ConvTranspose2d> upsamplers = new();
    private readonly ModuleList<Sequential> decoder = new();
    private readonly Conv2d output;
    private readonly MaxPool2d pool;

    public ProximityUNet(int inputChannels, NetworkHead head) : base(nameof(ProximityUNet), inputChannels, head)
    {
        if (head != NetworkHead.StructuredRegression)
        {
            throw new ArgumentException($"The U-Net regresses the whole proximity map (structured regression); head {head} is one of the paper network's comparison variants.", nameof(head));
        }
        var channels = inputChannels;
        for (int level = 0; level < Poolings; level++)
        {
            var features = BaseFeatureMaps << level;
            encoder.Add(TwoConvolutions(channels, features));
            channels = features;
        }
        bottleneck = TwoConvolutions(channels, channels * 2);
        for (int level = Poolings - 1; level >= 0; level--)
        {
            var features = BaseFeatureMaps << level;
            upsamplers.Add(nn.ConvTranspose2d(features * 2, features, 2, stride: 2));
            decoder.Add(TwoConvolutions(features * 2, features));
        }
        output = nn.Conv2d(BaseFeatureMaps, 1, 1);
        pool = nn.MaxPool2d(2, 2);
        RegisterComponents();
    }

    public override NetworkArchitecture Architecture => NetworkArchitecture.UNet;

    public int ContextRadius => ReceptiveRadius;

    public int Alignment => SideMultiple;

    public override void InitializeOutputBias(double meanLabel)
    {
        using var noGrad = torch.no_grad();
        output.bias!.fill_(LogitOf(meanLabel));
    }

    public override Tensor Forward(Tensor input, int patchStride)
    {
        using var scope = torch.NewDisposeScope();
        var map = Map(input);
        var (height, width) = (input.shape[2], input.shape[3]);
        var size = StructuredRegressionNetwork.ProximityPatchSize;
        var step = StructuredRegressionNetwork.OutputStride * patchStride;
        var patches = map.narrow(2, ProximityOffset, height - 2 * ProximityOffset).narrow(3, ProximityOffset, width - 2 * ProximityOffset)
            .unfold(2, size, step)
            .unfold(3, size, step); // (N, 1, rows, columns, 17, 17)
        return patches.reshape(input.shape[0], patches.shape[2], patches.shape[3], size * size).permute(0, 3, 1, 2).contiguous().MoveToOuterDisposeScope();
    }

    public Tensor Map(Tensor input)
    {
        var (height, width) = (input.shape[2], input.shape[3]);
        var (padBottom, padRight) = ((SideMultiple - height % SideMultiple) % SideMultiple, (SideMultiple - width % SideMultiple) % SideMultiple);
        var x = ChannelsLast(padBottom + padRight > 0 ? functional.pad(input, new[] { 0, padRight, 0, padBottom }) : input);
        var skips = new List<Tensor>();
        foreach (var level in encoder)
        {
            x = level.call(x);
            skips.Add(x);
            x = pool.call(x);
        }
        x = bottleneck.call(x);
        for (int i = 0; i < Poolings; i++)
        {
            x = decoder[i].call(torch.cat(new List<Tensor> { upsamplers[i].call(x), skips[Poolings - 1 - i] }, 1));
        }
        return output.call(x).narrow(2, 0, height).narrow(3, 0, width);
    }

    private static Sequential TwoConvolutions(int input, int features) => nn.Sequential(
        nn.Conv2d(input, features, 3, padding: 1),
        nn.ReLU(),
        nn.Conv2d(features, features, 3, padding: 1),
        nn.ReLU());
}
