namespace CellDetect.Protocol.Messages;

/// <summary>
/// <c>progress</c> notification params: <see cref="Done"/> of <see cref="Total"/> in <see cref="Stage"/>
/// ("reading", "detecting" in protocol 1; show others as given).
/// </summary>
public sealed record ProgressParams(long Done, long Total, string Stage);

/// <summary>The progress stages protocol 1 servers report.</summary>
public static class ProgressStages
{
    public const string Reading = "reading";
    public const string Detecting = "detecting";
}
