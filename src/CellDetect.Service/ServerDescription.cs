using System.Reflection;
using CellDetect.Model;
using CellDetect.Model.Files;
using CellDetect.Protocol;
using CellDetect.Protocol.Messages;
using TorchSharp;

namespace CellDetect.Service;

/// <summary>What <c>hello</c> answers: the protocol, this release, the methods, the device and the limits.</summary>
public static class ServerDescription
{
    /// <summary>Every method a protocol 1 server answers; <c>train.*</c> are reserved and answered with <c>unknown_method</c>.</summary>
    public static IReadOnlyList<string> Capabilities { get; } = [Methods.Hello, Methods.ModelsList, Methods.Detect, Methods.Cancel, Methods.Shutdown];

    /// <summary>The protocol versions this server speaks.</summary>
    public static IReadOnlyList<int> SupportedProtocols { get; } = [ProtocolVersion.Current];

    /// <summary>The CellDetect release (the assembly's version without build metadata).</summary>
    public static string ServerVersion { get; } =
        (typeof(ServerDescription).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0").Split('+')[0];

    public static HelloResult Hello(ComputeDevice device, ServiceOptions options) => new(
        ProtocolVersion.Current,
        ServerVersion,
        Capabilities,
        new DefaultModels(ModelCatalog.BrightfieldModel, ModelCatalog.FluorescenceModel),
        device.Type == DeviceType.CUDA ? Devices.Cuda : Devices.Cpu,
        device.Precision.OptionName(),
        new ServerLimits(options.RequestLimits.MaxHeaderBytes, options.RequestLimits.MaxPayloadBytes));
}
