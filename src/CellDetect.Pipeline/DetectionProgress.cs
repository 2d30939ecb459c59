namespace CellDetect.Pipeline;

/// <summary>How far a detection is: <paramref name="Done"/> of <paramref name="Total"/> units of <paramref name="Stage"/> (<see cref="DetectionStages"/>).</summary>
public readonly record struct DetectionProgress(int Done, int Total, string Stage);

/// <summary>The stages a detection reports.</summary>
public static class DetectionStages
{
    /// <summary>Reading and decoding the input.</summary>
    public const string Read = "read";

    /// <summary>Running the network and finding peaks, counted in tiles.</summary>
    public const string Detect = "detect";
}
