using CellDetect.Model.Files;
using TorchSharp;

namespace CellDetect.Model.Tests;

public sealed class DeviceSelectionTests
{
    [Fact]
    public void AutoTakesCudaOnlyWhenAvailable()
    {
        Assert.Equal(DeviceType.CUDA, ComputeDevice.ResolveDevice("auto", cudaAvailable: true));
        Assert.Equal(DeviceType.CPU, ComputeDevice.ResolveDevice("auto", cudaAvailable: false));
    }

    [Fact]
    public void ExplicitCudaWithoutAGpuIsAClearError()
    {
        var error = Assert.Throws<NotSupportedException>(() => ComputeDevice.ResolveDevice("cuda", cudaAvailable: false));
        Assert.Contains("no CUDA device", error.Message);
        Assert.Equal(DeviceType.CPU, ComputeDevice.ResolveDevice("cpu", cudaAvailable: true));
        Assert.Throws<ArgumentException>(() => ComputeDevice.ResolveDevice("tpu", cudaAvailable: false));
    }

    [Fact]
    public void AutoPrecisionIsBFloat16OnlyOnCpusThatMultiplyItNatively()
    {
        Assert.Equal(InferencePrecision.BFloat16, ComputeDevice.ResolvePrecision("auto", DeviceType.CPU, nativeBFloat16: true));
        Assert.Equal(InferencePrecision.Float32, ComputeDevice.ResolvePrecision("auto", DeviceType.CPU, nativeBFloat16: false));
        Assert.Equal(InferencePrecision.Float32, ComputeDevice.ResolvePrecision("auto", DeviceType.CUDA, nativeBFloat16: true));
        Assert.Equal(InferencePrecision.Float32, ComputeDevice.ResolvePrecision("float32", DeviceType.CPU, nativeBFloat16: true));
        Assert.Equal(InferencePrecision.BFloat16, ComputeDevice.ResolvePrecision("bfloat16", DeviceType.CUDA, nativeBFloat16: false));
        Assert.Equal(InferencePrecision.Float16, ComputeDevice.ResolvePrecision("float16", DeviceType.CUDA, nativeBFloat16: false));
        Assert.Contains("for GPUs", Assert.Throws<NotSupportedException>(() => ComputeDevice.ResolvePrecision("float16", DeviceType.CPU, nativeBFloat16: true)).Message);
        Assert.Throws<ArgumentException>(() => ComputeDevice.ResolvePrecision("int4", DeviceType.CPU, nativeBFloat16: true));
    }

    [Fact]
    public void CpuFeatureProbeAgreesWithTheKernel()
    {
        if (!File.Exists("/proc/cpuinfo"))
        {
            return;
        }
        var flags = File.ReadLines("/proc/cpuinfo").First(l => l.StartsWith("flags", StringComparison.Ordinal)).Split(' ');
        Assert.Equal(flags.Contains("avx512_bf16"), ComputeDevice.CpuHasNativeBFloat16());
    }
}
