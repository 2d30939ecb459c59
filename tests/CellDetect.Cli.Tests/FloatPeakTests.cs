using CellDetect.Cli.Benchmarks;

namespace CellDetect.Cli.Tests;

/// <summary>bench checks its own figures: a float32 pass above the FP32 peak, or a peak that does not grow with threads, is a failed measurement.</summary>
public sealed class FloatPeakTests
{
    [Theory]
    [InlineData(1, 252, null, 199)] // docs/performance.md, 1 thread: 79 % of the peak
    [InlineData(2, 502, 252.0, 367)] // 2 threads: 73 %, the peak 2.0x the 1-thread one
    [InlineData(2, 378, 252.0, 378)] // exactly at the peak, growth exactly 1.5x
    [InlineData(4, 1000, 400.0, 900)] // 2.5x at 4 threads is the least that passes
    public void PlausibleFiguresPass(int threads, double peak, double? oneThreadPeak, double float32)
    {
        Assert.Null(FloatPeak.Implausibility(threads, peak, oneThreadPeak, float32));
    }

    [Fact]
    public void AFloat32PassAboveThePeakIsAFailedMeasurement()
    {
        var problem = FloatPeak.Implausibility(1, 252, 252, 386);
        Assert.NotNull(problem);
        Assert.Contains("153 % of the FP32 peak", problem);
    }

    [Theory]
    [InlineData(2, 252, 252)] // did not grow at all
    [InlineData(2, 370, 252)] // 1.47x at 2 threads
    [InlineData(8, 1000, 252)] // 4x at 8 threads, below the 4.5x floor
    [InlineData(2, 200, 252)] // shrank
    public void APeakThatDoesNotGrowWithThreadsIsAFailedMeasurement(int threads, double peak, double oneThreadPeak)
    {
        var problem = FloatPeak.Implausibility(threads, peak, oneThreadPeak, 0.5 * peak);
        Assert.NotNull(problem);
        Assert.Contains("1-thread peak", problem);
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(0)]
    [InlineData(double.PositiveInfinity)]
    public void AMeaninglessPeakIsAFailedMeasurement(double peak)
    {
        Assert.NotNull(FloatPeak.Implausibility(1, peak, null, 100));
    }
}
