using System.Runtime.Intrinsics.X86;
using CellDetect.Model.Files;
using TorchSharp;
using static TorchSharp.torch;

namespace CellDetect.Model;

/// <summary>Process-wide libtorch settings, the device choice (--device auto|cpu|cuda) and the precision choice (--precision auto|float32|bfloat16|float16).</summary>
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

    /// <summary>
    /// Maps the user's precision choice to the number format the network runs in. "auto" takes bfloat16
    /// on a CPU that multiplies it natively: about 1.9 times the float32 speed here, with validation F1
    /// within 0.002 of float32 on all four data sets (docs/results.md). Elsewhere bfloat16 is emulated
    /// and slower than float32, and GPUs keep float32 unless half precision (bfloat16 or float16) is asked for.
    /// </summary>
    public static InferencePrecision ResolvePrecision(string choice, DeviceType device, bool nativeBFloat16) => choice switch
    {
        "auto" => device == DeviceType.CPU && nativeBFloat16 ? InferencePrecision.BFloat16 : InferencePrecision.Float32,
        "float32" => InferencePrecision.Float32,
        "bfloat16" => InferencePrecision.BFloat16,
        "float16" => device == DeviceType.CUDA ? InferencePrecision.Float16 : throw new NotSupportedException("--precision float16 is for GPUs; CPUs emulate it slowly. On CPU use bfloat16 (or auto)."),
        _ => throw new ArgumentException($"Unknown precision '{choice}': use auto, float32, bfloat16 or float16 (GPU)."),
    };

    /// <summary>The precision "auto" gives on the configured device of this machine.</summary>
    public static InferencePrecision ResolvePrecision(string choice) => ResolvePrecision(choice, Device.type, CpuHasNativeBFloat16());

    /// <summary>AVX512-BF16 (CPUID leaf 7, sub-leaf 1, EAX bit 5): the dot-product instructions oneDNN uses for bfloat16.</summary>
    public static bool CpuHasNativeBFloat16() =>
        X86Base.IsSupported && Avx512F.IsSupported && (X86Base.CpuId(7, 1).Eax & (1 << 5)) != 0;
}
