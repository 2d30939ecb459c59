using TorchSharp;

namespace CellDetect.Model.Tests;

public sealed class TorchLoadsTests
{
    [Fact]
    public void NativeLibTorchLoadsAndMultipliesMatrices()
    {
        using var a = torch.tensor(new float[] { 1, 2, 3, 4 }, new long[] { 2, 2 });
        using var b = torch.tensor(new float[] { 5, 6, 7, 8 }, new long[] { 2, 2 });
        using var product = torch.matmul(a, b);
        Assert.Equal(new float[] { 19, 22, 43, 50 }, product.data<float>().ToArray());
    }
}
