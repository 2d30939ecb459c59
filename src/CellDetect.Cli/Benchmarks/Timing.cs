using System.Diagnostics;

namespace CellDetect.Cli.Benchmarks;

/// <summary>Median and range of repeated runs, after one warm-up run.</summary>
public readonly record struct Timing(double Median, double Min, double Max)
{
    public static Timing Measure(int repeats, Action action)
    {
        action();
        var seconds = new double[repeats];
        for (int i = 0; i < repeats; i++)
        {
            seconds[i] = Seconds(action);
        }
        return Of(seconds);
    }

    /// <summary>
    /// Two actions timed in turn, first then second, after one warm-up run of each: a machine that slows
    /// down or speeds up meanwhile affects both alike. Also the median and range of the per-turn
    /// differences (second minus first), which is the cost of the second over the first.
    /// </summary>
    public static (Timing First, Timing Second, Timing Difference) MeasurePaired(int repeats, Action first, Action second)
    {
        first();
        second();
        var (a, b) = (new double[repeats], new double[repeats]);
        for (int i = 0; i < repeats; i++)
        {
            a[i] = Seconds(first);
            b[i] = Seconds(second);
        }
        return (Of(a), Of(b), Of(a.Zip(b, (x, y) => y - x).ToArray()));
    }

    private static double Seconds(Action action)
    {
        var clock = Stopwatch.StartNew();
        action();
        return clock.Elapsed.TotalSeconds;
    }

    private static Timing Of(double[] seconds)
    {
        Array.Sort(seconds);
        return new Timing(seconds[seconds.Length / 2], seconds[0], seconds[^1]);
    }

    public override string ToString() => $"{Median,8:0.000} s  ({Min:0.000}-{Max:0.000})";
}
