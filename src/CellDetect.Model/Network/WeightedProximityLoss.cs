using static TorchSharp.torch;

namespace CellDetect.Model.Network;

/// <summary>
/// The weighted loss of eq. 3: L = 1/2 * sum_j (y_j + lambda) (y_j - o_j)^2, o = sigmoid(a).
/// The weight (y + lambda) gives the few non-zero proximity values more say than the many zeros, so the
/// network cannot settle on the trivial all-zero patch; lambda = 0.3 in the paper.
/// Pixels outside the image (border patches) carry a zero <c>valid</c> weight and contribute nothing.
/// </summary>
public static class WeightedProximityLoss
{
    public const double PaperLambda = 0.3;

    /// <summary>Mean over the batch of the per-patch loss. Shapes: logits, target and valid all (N, P, H, W).</summary>
    public static Tensor Compute(Tensor logits, Tensor target, Tensor valid, double lambda = PaperLambda)
    {
        var output = logits.sigmoid();
        var perUnit = (target + lambda) * (target - output).square() * valid;
        return perUnit.sum() * 0.5 / (logits.shape[0] * logits.shape[2] * logits.shape[3]);
    }

    /// <summary>eq. 4: dL/da_j = (y_j + lambda)(o_j - y_j) o_j (1 - o_j), for one patch (no batch mean).</summary>
    public static Tensor Gradient(Tensor logits, Tensor target, double lambda = PaperLambda)
    {
        var output = logits.sigmoid();
        return (target + lambda) * (output - target) * output * (1 - output);
    }
}
