using System.Numerics;
using System.Runtime.InteropServices;

namespace CellDetect.Core.Imaging;

/// <summary>
/// NaN and infinite samples: float files can hold them (a failed division in an analysis script, a masked
/// region), and they must not become cells or reach training. Normalisation treats them as background;
/// front ends count them first to say how many there were.
/// </summary>
public static class NonFiniteSamples
{
    /// <summary>How many of <paramref name="samples"/> are NaN, +infinity or -infinity.</summary>
    public static long Count(ReadOnlySpan<float> samples)
    {
        long count = 0;
        var vectors = MemoryMarshal.Cast<float, Vector<float>>(samples);
        foreach (var vector in vectors)
        {
            // x - x is 0 for every finite x and NaN for NaN and both infinities; Equals gives -1 per equal lane.
            count += Vector<int>.Count + Vector.Sum(Vector.Equals(vector - vector, Vector<float>.Zero));
        }
        foreach (var sample in samples[(vectors.Length * Vector<float>.Count)..])
        {
            if (!float.IsFinite(sample))
            {
                count++;
            }
        }
        return count;
    }
}
