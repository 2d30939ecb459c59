namespace CellDetect.Protocol.Framing;

/// <summary>The largest header and payload a reader accepts or a writer sends, in bytes.</summary>
public readonly record struct FrameLimits(int MaxHeaderBytes, long MaxPayloadBytes)
{
    /// <summary>1 MiB: the request header limit of protocol 1.</summary>
    public const int DefaultMaxHeaderBytes = 1 << 20;

    /// <summary>2 GiB: the default request payload limit (servers may be configured otherwise).</summary>
    public const long DefaultMaxPayloadBytes = 2L << 30;

    /// <summary>
    /// 1 GiB: what a client reads in a reply header. Reply headers are not limited by the protocol: a
    /// detect result lists every point, about 45 bytes each, and clients must take at least 256 MiB.
    /// </summary>
    public const int ReplyMaxHeaderBytes = 1 << 30;

    /// <summary>
    /// 2 GiB - 64: the largest reply payload (a proximity map) of protocol 1, within the largest array
    /// .NET and Java allow, so that clients can read it into one.
    /// </summary>
    public const long ReplyMaxPayloadBytes = (2L << 30) - 64;

    /// <summary>What servers accept from clients by default, and what clients may send.</summary>
    public static FrameLimits Requests { get; } = new(DefaultMaxHeaderBytes, DefaultMaxPayloadBytes);

    /// <summary>What servers send and clients accept: large result headers, a proximity map of up to 2 GiB - 64.</summary>
    public static FrameLimits Replies { get; } = new(ReplyMaxHeaderBytes, ReplyMaxPayloadBytes);
}
