namespace CellDetect.Protocol;

/// <summary>The stable error codes of protocol 1 (README section 7). Programs branch on these, never on messages.</summary>
public static class ErrorCodes
{
    /// <summary>The header is not UTF-8 JSON, or its length is 0; the connection is closed after it.</summary>
    public const string MalformedFrame = "malformed_frame";

    public const string HeaderTooLarge = "header_too_large";

    public const string PayloadTooLarge = "payload_too_large";

    /// <summary>Not a request's shape, required params missing, or a request before <c>hello</c>.</summary>
    public const string InvalidRequest = "invalid_request";

    public const string UnknownMethod = "unknown_method";

    public const string UnsupportedProtocol = "unsupported_protocol";

    public const string FileNotFound = "file_not_found";

    /// <summary>The image file is damaged, truncated or in a format the server does not read.</summary>
    public const string UnreadableImage = "unreadable_image";

    public const string UnsupportedPixelType = "unsupported_pixel_type";

    /// <summary>The payload's length is not width x height x channels x bytes per sample (data: expected, actual).</summary>
    public const string PayloadSizeMismatch = "payload_size_mismatch";

    /// <summary>A parameter has the wrong type or an impossible value, or is unknown (data: parameter).</summary>
    public const string InvalidParameter = "invalid_parameter";

    public const string ModelNotFound = "model_not_found";

    public const string Cancelled = "cancelled";

    /// <summary>The detection queue is full, or whenBusy is "fail" and a detection is running or waiting.</summary>
    public const string Busy = "busy";

    public const string Internal = "internal";

    public static IReadOnlyList<string> All { get; } =
    [
        MalformedFrame, HeaderTooLarge, PayloadTooLarge, InvalidRequest, UnknownMethod, UnsupportedProtocol, FileNotFound,
        UnreadableImage, UnsupportedPixelType, PayloadSizeMismatch, InvalidParameter, ModelNotFound, Cancelled, Busy, Internal,
    ];
}
