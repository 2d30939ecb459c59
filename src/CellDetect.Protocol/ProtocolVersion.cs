namespace CellDetect.Protocol;

/// <summary>The protocol this library speaks (manifests/protocol/README.md).</summary>
public static class ProtocolVersion
{
    /// <summary>The version sent in <c>hello</c> and the only one this library speaks.</summary>
    public const int Current = 1;

    /// <summary>The pipe name used when none is given.</summary>
    public const string DefaultPipeName = "celldetect";
}
