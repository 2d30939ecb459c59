namespace CellDetect.Pipeline;

/// <summary>Limits of a detection pipeline.</summary>
public sealed record PipelineOptions
{
    /// <summary>Images (or regions) up to this many pixels are read whole; larger ones stream tile by tile.</summary>
    public long InMemoryPixels { get; init; } = 64_000_000;

    /// <summary>True when an image (or region) of this size is read whole; larger ones stream tile by tile.</summary>
    public bool ReadsWhole(int width, int height) => (long)width * height <= InMemoryPixels;

    /// <summary>Side of the tiles the detector processes at once; bounds the memory of one pass.</summary>
    public int TileSize { get; init; } = 512;

    /// <summary>Detections that may wait for the device at once; one more is refused as busy.</summary>
    public int MaxWaitingDetections { get; init; } = 64;
}
