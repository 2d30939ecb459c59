using CellDetect.Model.Network;
using TorchSharp;

namespace CellDetect.Model.Files;

/// <summary>
/// A network with its metadata, ready to run, and the owner of the network's native memory: disposing
/// it frees the weights. <see cref="Device"/> says where the weights are and in which number format.
/// </summary>
public sealed class LoadedModel : IDisposable
{
    public LoadedModel(ModelMetadata metadata, ProximityNetwork network, ComputeDevice? device = null)
    {
        Metadata = metadata;
        Network = network;
        Device = device ?? ComputeDevice.Cpu;
    }

    public ModelMetadata Metadata { get; }

    public ProximityNetwork Network { get; }

    public ComputeDevice Device { get; private set; }

    /// <summary>Moves the weights to <paramref name="device"/> and casts them to its number format, in place.</summary>
    public LoadedModel MoveTo(ComputeDevice device)
    {
        if (device != Device)
        {
            Network.to(device.TorchDevice);
            Network.to(device.ScalarType);
            Device = device;
        }
        return this;
    }

    public void Dispose() => Network.Dispose();
}
