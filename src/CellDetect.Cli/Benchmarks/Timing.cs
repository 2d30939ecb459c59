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
            var clock = Stopwatch.StartNew();
            action();
            seconds[i] = clock.Elapsed.TotalSeconds;
        }
        Array.Sort(seconds);
        return new Timing(seconds[repeats / 2], seconds[0], seconds[^1]);
    }

    public override string ToString() => $"{Median,8:0.000} s  ({Min:0.000}-{Max:0.000})";
}
