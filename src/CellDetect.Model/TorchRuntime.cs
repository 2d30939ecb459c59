using TorchSharp;
using static TorchSharp.torch;

namespace CellDetect.Model;

/// <summary>Process-wide libtorch settings and the device choice (--device auto|cpu|cuda).</summary>
public static class TorchRuntime
{
    private static readonly object Gate = new();
    private static bool configured;

    public static Device Device { get; private set; } = torch.CPU;

    /// <summary>Intra-op threads: one per core (libtorch's default counts hyper-threads and oversubscribes).</summary>
    public static void Configure(string device = "auto", int? threads = null)
    {
        lock (Gate)
        {
            Device = ResolveDevice(device, torch.cuda.is_available()) == DeviceType.CUDA ? torch.CUDA : torch.CPU;
            if (!configured || threads is not null)
            {
                torch.set_num_threads(threads ?? Environment.ProcessorCount);
                configured = true;
            }
        }
    }

    /// <summary>
    /// Maps the user's choice to a device type; "cuda" without a CUDA build or GPU is an error, not a
    /// silent fallback. Kept free of device initialisation so that it is testable on CPU-only builds.
    /// </summary>
    public static DeviceType ResolveDevice(string choice, bool cudaAvailable) => choice switch
    {
        "auto" => cudaAvailable ? DeviceType.CUDA : DeviceType.CPU,
        "cpu" => DeviceType.CPU,
        "cuda" => cudaAvailable ? DeviceType.CUDA : throw new NotSupportedException("--device cuda was requested, but TorchSharp reports no CUDA device (this build uses the CPU package; build with -p:CellDetectTorchBackend=cuda-windows on a machine with a GPU)."),
        _ => throw new ArgumentException($"Unknown device '{choice}': use auto, cpu or cuda."),
    };
}
