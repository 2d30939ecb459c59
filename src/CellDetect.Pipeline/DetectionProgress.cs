namespace CellDetect.Pipeline;

/// <summary>How far a detection is: <paramref name="Done"/> of <paramref name="Total"/> units of <paramref name="Stage"/> ("read", "detect").</summary>
public readonly record struct DetectionProgress(int Done, int Total, string Stage);
