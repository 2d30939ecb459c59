using System.Diagnostics;
using System.Runtime.Intrinsics;

namespace CellDetect.Cli.Benchmarks;

/// <summary>
/// The CPU's FP32 peak, measured rather than looked up (a virtual machine hides its clock): each
/// thread runs twelve independent chains of 512-bit fused multiply-adds, enough to keep two FMA pipes
/// busy through their latency, with no memory traffic.
/// </summary>
public static class FloatPeak
{
    private const long Iterations = 20_000_000;
    private const int Chains = 12;

    /// <summary>Best GFLOP/s of three runs on <paramref name="threads"/> threads; null where 512-bit vectors are not hardware-accelerated.</summary>
    public static double? MeasureGflops(int threads)
    {
        if (!Vector512.IsHardwareAccelerated)
        {
            return null;
        }
        var flops = 2.0 * Vector512<float>.Count * Chains * Iterations * threads;
        var best = double.MaxValue;
        for (int run = 0; run < 3; run++)
        {
            using var start = new Barrier(threads + 1);
            var workers = Enumerable.Range(0, threads).Select(_ => new Thread(() =>
            {
                start.SignalAndWait();
                GC.KeepAlive(Chain(Iterations));
            })).ToList();
            workers.ForEach(w => w.Start());
            start.SignalAndWait();
            var clock = Stopwatch.StartNew();
            workers.ForEach(w => w.Join());
            best = Math.Min(best, clock.Elapsed.TotalSeconds);
        }
        return flops / best / 1e9;
    }

    /// <summary>
    /// Why the figures measured on <paramref name="threads"/> threads cannot be right, or null when they can. A
    /// float32 pass cannot run faster than the FP32 peak, and the peak must grow with threads, by at least half of
    /// the ideal (1.5x at 2 threads; independent FMA chains share nothing). Either failure means that the machine
    /// was busy or throttled while one of the timings ran (a virtual machine's stolen time), not that the network
    /// is fast. bfloat16 passes are not checked: AVX512-BF16 does two multiply-adds per 32-bit lane, so they may
    /// legitimately exceed the FP32 peak.
    /// </summary>
    public static string? Implausibility(int threads, double peakGflops, double? oneThreadPeakGflops, double float32Gflops)
    {
        if (!double.IsFinite(peakGflops) || peakGflops <= 0)
        {
            return $"the FP32 peak came out as {peakGflops} GFLOP/s";
        }
        if (threads > 1 && oneThreadPeakGflops is { } one && peakGflops < one * (1 + 0.5 * (threads - 1)))
        {
            return $"the FP32 peak on {threads} threads ({peakGflops:0} GFLOP/s) is not {1 + 0.5 * (threads - 1):0.#}x the 1-thread peak ({one:0} GFLOP/s) or more; the threads did not run side by side";
        }
        if (float32Gflops > peakGflops)
        {
            return $"the float32 pass at {float32Gflops:0} GFLOP/s would be {float32Gflops / peakGflops * 100:0} % of the FP32 peak ({peakGflops:0} GFLOP/s), which no pass can reach; the peak or the pass was timed while the machine was busy";
        }
        return null;
    }

    private static float Chain(long iterations)
    {
        var m = Vector512.Create(0.999999f);
        var c = Vector512.Create(1e-7f);
        Vector512<float> a0 = Vector512.Create(1f), a1 = a0 + a0, a2 = a1 + a0, a3 = a2 + a0, a4 = a3 + a0, a5 = a4 + a0;
        Vector512<float> a6 = a5 + a0, a7 = a6 + a0, a8 = a7 + a0, a9 = a8 + a0, a10 = a9 + a0, a11 = a10 + a0;
        for (long i = 0; i < iterations; i++)
        {
            a0 = Vector512.FusedMultiplyAdd(a0, m, c);
            a1 = Vector512.FusedMultiplyAdd(a1, m, c);
            a2 = Vector512.FusedMultiplyAdd(a2, m, c);
            a3 = Vector512.FusedMultiplyAdd(a3, m, c);
            a4 = Vector512.FusedMultiplyAdd(a4, m, c);
            a5 = Vector512.FusedMultiplyAdd(a5, m, c);
            a6 = Vector512.FusedMultiplyAdd(a6, m, c);
            a7 = Vector512.FusedMultiplyAdd(a7, m, c);
            a8 = Vector512.FusedMultiplyAdd(a8, m, c);
            a9 = Vector512.FusedMultiplyAdd(a9, m, c);
            a10 = Vector512.FusedMultiplyAdd(a10, m, c);
            a11 = Vector512.FusedMultiplyAdd(a11, m, c);
        }
        return Vector512.Sum(a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8 + a9 + a10 + a11);
    }
}
