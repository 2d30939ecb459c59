using System.Runtime.Intrinsics.X86;
using CellDetect.Model.Files;
using TorchSharp;
using static TorchSharp.torch;

namespace CellDetect.Model;

/// <summary>
/// Where a network runs and in which number format: resolved once from --device and --precision and
/// handed to everything that runs the network (the model catalog moves the weights there, the
/// predictor moves each input there). A value, never process-wide state, so two devices can be used
/// side by side and a cached model is keyed on it.
/// </summary>
public sealed record ComputeDevice(DeviceType Type, InferencePrecision Precision)
{
    public static ComputeDevice Cpu { get; } = new(DeviceType.CPU, InferencePrecision.Float32);

    public Device TorchDevice => new(Type);

    public ScalarType ScalarType => Precision.ScalarType();

    /// <summary>Tiles per convolutional pass: 1 on CPU, where a batch only costs memory, more on a GPU that one tile leaves idle.</summary>
    public int TileBatch => Type == DeviceType.CUDA ? GpuTileBatch : 1;

    /// <summary>Tiles batched per pass on a GPU: about 2 GB of float32 activations for 512-pixel tiles (estimated from the layer sizes, not measured: no GPU here).</summary>
    public const int GpuTileBatch = 8;

    /// <summary>The device and precision for the user's choices on this machine.</summary>
    public static ComputeDevice Resolve(string device = "auto", string precision = "auto") =>
        Resolve(device, precision, torch.cuda.is_available(), CpuHasNativeBFloat16());

    public static ComputeDevice Resolve(string device, string precision, bool cudaAvailable, bool nativeBFloat16)
    {
        var type = ResolveDevice(device, cudaAvailable);
        return new ComputeDevice(type, ResolvePrecision(precision, type, nativeBFloat16));
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

    /// <summary>AVX512-BF16 (CPUID leaf 7, sub-leaf 1, EAX bit 5): the dot-product instructions oneDNN uses for bfloat16.</summary>
    public static bool CpuHasNativeBFloat16() =>
        X86Base.IsSupported && Avx512F.IsSupported && (X86Base.CpuId(7, 1).Eax & (1 << 5)) != 0;

    /// <summary>"cpu bfloat16", "cuda float32": how reports name it.</summary>
    public override string ToString() => $"{Type.ToString().ToLowerInvariant()} {Precision.OptionName()}";
}
