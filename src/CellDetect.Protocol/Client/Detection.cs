using CellDetect.Protocol.Messages;

namespace CellDetect.Protocol.Client;

/// <summary>A detection's result and, when asked for, its proximity map (row-major, <c>Result.ProximityMap</c> gives the size).</summary>
public sealed record Detection(DetectResult Result, float[]? ProximityMap);

/// <summary>How far request <see cref="RequestId"/> has come (pass the id to <see cref="CellDetectClient.CancelAsync"/> to stop it).</summary>
public sealed record DetectProgress(long RequestId, long Done, long Total, string Stage);
