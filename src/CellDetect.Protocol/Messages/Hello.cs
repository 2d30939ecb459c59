namespace CellDetect.Protocol.Messages;

/// <summary><c>hello</c> params: the protocol version the client speaks and its name for the server's log.</summary>
public sealed record HelloParams(int Protocol, string Client);

/// <summary><c>hello</c> result: what the server speaks and can do.</summary>
public sealed record HelloResult(
    int Protocol,
    string ServerVersion,
    IReadOnlyList<string> Capabilities,
    DefaultModels DefaultModels,
    string Device,
    string Precision,
    ServerLimits Limits)
{
    /// <summary>Whether the server answers <paramref name="method"/>; check before calling methods added after protocol 1.</summary>
    public bool Supports(string method) => Capabilities.Contains(method);
}

/// <summary>The models the automatic choice picks from.</summary>
public sealed record DefaultModels(string Brightfield, string Fluorescence);

/// <summary>The largest request header and payload the server accepts, in bytes.</summary>
public sealed record ServerLimits(long MaxHeaderBytes, long MaxPayloadBytes);

/// <summary>The values of <see cref="HelloResult.Device"/> in protocol 1; clients accept others.</summary>
public static class Devices
{
    public const string Cpu = "cpu";
    public const string Cuda = "cuda";
}

/// <summary>The values of <see cref="HelloResult.Precision"/> in protocol 1; clients accept others.</summary>
public static class Precisions
{
    public const string Float32 = "float32";
    public const string BFloat16 = "bfloat16";
    public const string Float16 = "float16";
}
