using CellDetect.Core.Imaging;

namespace CellDetect.Pipeline;

/// <summary>What to detect in: a file (one page, optionally a region), a region source, an image in memory, or raw pixels from a host.</summary>
public abstract record DetectionInput
{
    /// <summary>The part of the input to detect in; points come back in the whole input's coordinates.</summary>
    public PixelRegion? Region { get; init; }

    /// <summary>How the input is named in messages and outputs.</summary>
    public abstract string Name { get; }

    public static DetectionInput FromFile(string path, int page = 0, PixelRegion? region = null) => new FileInput(path, page) { Region = region };

    public static DetectionInput FromImage(PlanarImage image, string name = "image") => new ImageInput(image, name);

    public static DetectionInput FromSource(IRegionSource source, string name = "image") => new SourceInput(source, name);

    public static DetectionInput FromPixels(RawPixels pixels, PixelRegion? region = null) => new PixelsInput(pixels) { Region = region };
}

/// <summary>An image file on disk; <paramref name="Page"/> is 0-based (a stack's plane, a hyperstack's Z/T position).</summary>
public sealed record FileInput(string Path, int Page = 0) : DetectionInput
{
    public override string Name => System.IO.Path.GetFileName(Path);
}

public sealed record ImageInput(PlanarImage Image, string ImageName) : DetectionInput
{
    public override string Name => ImageName;
}

/// <summary>An image read region by region (a slide too large for memory, a host's image server).</summary>
public sealed record SourceInput(IRegionSource Source, string SourceName) : DetectionInput
{
    public override string Name => SourceName;
}

public sealed record PixelsInput(RawPixels Pixels) : DetectionInput
{
    public override string Name => $"{Pixels.Width}x{Pixels.Height} {Pixels.Type.ToString().ToLowerInvariant()} pixels";
}
