using static TorchSharp.torch;

namespace CellDetect.Model.Network;

/// <summary>
/// A network that computes the proximity map itself, one value per input pixel, instead of a 17 x 17 patch per grid
/// position. Detection reads each window with <see cref="ContextRadius"/> pixels around it, its origin on a multiple of
/// <see cref="Alignment"/>, and keeps the window: windows then fuse to exactly the whole-image map, whatever the tiling.
/// </summary>
public interface IFullResolutionNetwork
{
    /// <summary>Input pixels on each side that can change an output pixel (a multiple of <see cref="Alignment"/>).</summary>
    int ContextRadius { get; }

    /// <summary>Input origins a multiple of this apart give the same output for the same pixels (the poolings' grid).</summary>
    int Alignment { get; }

    /// <summary>Logits of the proximity map, (N, 1, H, W), one per input pixel; the caller's scope owns the result.</summary>
    Tensor Map(Tensor input);
}
