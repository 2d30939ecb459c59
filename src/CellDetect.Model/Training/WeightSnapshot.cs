using CellDetect.Model.Network;
using TorchSharp;
using static TorchSharp.torch;

namespace CellDetect.Model.Training;

/// <summary>A copy of a network's weights (the best epoch so far, a checkpoint), owning its tensors.</summary>
internal sealed class WeightSnapshot : IDisposable
{
    private readonly Dictionary<string, Tensor> weights;

    private WeightSnapshot(Dictionary<string, Tensor> weights)
    {
        this.weights = weights;
    }

    public static WeightSnapshot Of(ProximityNetwork network)
    {
        var copies = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var (name, tensor) in network.state_dict())
        {
            using var detached = tensor.detach();
            copies[name] = detached.clone();
        }
        return new WeightSnapshot(copies);
    }

    /// <summary>Writes these weights into <paramref name="network"/> (same architecture), wherever its weights live.</summary>
    public void CopyTo(ProximityNetwork network)
    {
        using var noGrad = torch.no_grad();
        foreach (var (name, tensor) in network.state_dict())
        {
            tensor.copy_(weights[name]);
        }
    }

    /// <summary>Copies one network's weights into another without keeping a snapshot.</summary>
    public static void Copy(ProximityNetwork from, ProximityNetwork to)
    {
        using var snapshot = Of(from);
        snapshot.CopyTo(to);
    }

    public void Dispose()
    {
        foreach (var tensor in weights.Values)
        {
            tensor.Dispose();
        }
        weights.Clear();
    }
}
