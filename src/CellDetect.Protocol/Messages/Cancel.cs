namespace CellDetect.Protocol.Messages;

/// <summary><c>cancel</c> params: the id of the request to cancel.</summary>
public sealed record CancelParams(long Id);

/// <summary><c>cancel</c> result: whether the request was pending and now ends with <c>cancelled</c>.</summary>
public sealed record CancelResult(bool Cancelled);
