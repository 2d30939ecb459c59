namespace CellDetect.Protocol.Messages;

/// <summary><c>header_too_large</c> and <c>payload_too_large</c> error data, in bytes.</summary>
public sealed record LimitExceededData(long Limit, ulong Actual);

/// <summary><c>payload_size_mismatch</c> error data, in bytes.</summary>
public sealed record PayloadSizeMismatchData(long Expected, long Actual);

/// <summary><c>invalid_parameter</c> error data: the parameter to blame (more members may say why).</summary>
public sealed record InvalidParameterData(string Parameter);

/// <summary><c>model_not_found</c> error data: the model asked for and the names that would work.</summary>
public sealed record ModelNotFoundData(string Model, IReadOnlyList<string> Available);

/// <summary><c>busy</c> error data: detect requests running or waiting, and the queue's size.</summary>
public sealed record BusyData(int Queued, int MaxQueued);

/// <summary><c>unsupported_protocol</c> error data: the version asked for and those the server speaks.</summary>
public sealed record UnsupportedProtocolData(int Requested, IReadOnlyList<int> Supported);

/// <summary><c>unknown_method</c> error data.</summary>
public sealed record UnknownMethodData(string Method);

/// <summary><c>file_not_found</c> and <c>unreadable_image</c> error data: the file.</summary>
public sealed record FileErrorData(string Path);
