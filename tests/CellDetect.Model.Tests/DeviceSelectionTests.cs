using TorchSharp;

namespace CellDetect.Model.Tests;

public sealed class DeviceSelectionTests
{
    [Fact]
    public void AutoTakesCudaOnlyWhenAvailable()
    {
        Assert.Equal(DeviceType.CUDA, TorchRuntime.ResolveDevice("auto", cudaAvailable: true));
        Assert.Equal(DeviceType.CPU, TorchRuntime.ResolveDevice("auto", cudaAvailable: false));
    }

    [Fact]
    public void ExplicitCudaWithoutAGpuIsAClearError()
    {
        var error = Assert.Throws<NotSupportedException>(() => TorchRuntime.ResolveDevice("cuda", cudaAvailable: false));
        Assert.Contains("no CUDA device", error.Message);
        Assert.Equal(DeviceType.CPU, TorchRuntime.ResolveDevice("cpu", cudaAvailable: true));
        Assert.Throws<ArgumentException>(() => TorchRuntime.ResolveDevice("tpu", cudaAvailable: false));
    }
}
