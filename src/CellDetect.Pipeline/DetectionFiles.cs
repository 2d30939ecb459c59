using CellDetect.Imaging.Annotations;
using CellDetect.Imaging.Maps;
using CellDetect.Imaging.Overlays;

namespace CellDetect.Pipeline;

/// <summary>The files a detection can be written as.</summary>
[Flags]
public enum DetectionFileKinds
{
    None = 0,

    /// <summary>NAME.csv: x, y, score.</summary>
    Csv = 1,

    /// <summary>NAME.geojson: QuPath (File &gt; Import objects).</summary>
    GeoJson = 2,

    /// <summary>NAME.roiset.zip: ImageJ's ROI Manager.</summary>
    RoiSet = 4,

    /// <summary>NAME.overlay.png: the image with the detections ringed (images read whole only).</summary>
    Overlay = 8,

    /// <summary>NAME.proximity.tif: the fused proximity map as float32.</summary>
    ProximityMap = 16,

    Default = Csv | GeoJson | RoiSet | Overlay,
}

/// <summary>
/// Writes a detection's files, each atomically. Which files an image can have is decided before the
/// detection runs (<see cref="Plan"/>), so a format that cannot hold the image is skipped with a
/// warning up front instead of failing after hours of computing.
/// </summary>
public static class DetectionFiles
{
    /// <summary>The kinds that can be written for a <paramref name="width"/> x <paramref name="height"/> image, and a warning for each that cannot.</summary>
    public static (DetectionFileKinds Kinds, IReadOnlyList<string> Warnings) Plan(DetectionFileKinds requested, int width, int height, bool readWhole)
    {
        var warnings = new List<string>();
        var kinds = requested;
        if (kinds.HasFlag(DetectionFileKinds.RoiSet) && !ImageJRoiSet.CanHold(width, height))
        {
            kinds &= ~DetectionFileKinds.RoiSet;
            warnings.Add($"no ImageJ RoiSet: the image is {width}x{height} and the format holds coordinates up to {ImageJRoiSet.MaxCoordinate}; use the CSV or GeoJSON");
        }
        if (kinds.HasFlag(DetectionFileKinds.Overlay) && !readWhole)
        {
            kinds &= ~DetectionFileKinds.Overlay;
            if (requested != DetectionFileKinds.Default)
            {
                warnings.Add("no overlay: the image is streamed tile by tile, too large to draw");
            }
        }
        return (kinds, warnings);
    }

    /// <summary>
    /// The path stem of a file's outputs in <paramref name="directory"/>: NAME, or NAME.pageN for page N
    /// of a multi-page file, so that every page's outputs say which page they hold.
    /// </summary>
    public static string Stem(string directory, string imagePath, int page, int pageCount) =>
        Path.Combine(directory, Path.GetFileNameWithoutExtension(imagePath) + (pageCount > 1 ? $".page{page}" : ""));

    public static string PathOf(string stem, DetectionFileKinds kind) => stem + kind switch
    {
        DetectionFileKinds.Csv => ".csv",
        DetectionFileKinds.GeoJson => ".geojson",
        DetectionFileKinds.RoiSet => ".roiset.zip",
        DetectionFileKinds.Overlay => ".overlay.png",
        DetectionFileKinds.ProximityMap => ".proximity.tif",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "one kind at a time"),
    };

    /// <summary>
    /// Writes the planned kinds; a kind that was planned away has its file from an earlier run removed,
    /// so that no stale file sits beside the new ones.
    /// </summary>
    public static void Write(string stem, DetectionOutcome outcome, DetectionFileKinds kinds, DetectionFileKinds requested)
    {
        foreach (var kind in Enum.GetValues<DetectionFileKinds>().Where(k => k is not (DetectionFileKinds.None or DetectionFileKinds.Default)))
        {
            var path = PathOf(stem, kind);
            if (kinds.HasFlag(kind))
            {
                WriteOne(path, kind, outcome);
            }
            else if (requested.HasFlag(kind))
            {
                File.Delete(path);
            }
        }
    }

    private static void WriteOne(string path, DetectionFileKinds kind, DetectionOutcome outcome)
    {
        switch (kind)
        {
            case DetectionFileKinds.Csv:
                PointsCsv.Write(path, outcome.Cells, includeScore: true);
                break;
            case DetectionFileKinds.GeoJson:
                QuPathGeoJson.Write(path, outcome.Cells);
                break;
            case DetectionFileKinds.RoiSet:
                ImageJRoiSet.Write(path, outcome.Cells);
                break;
            case DetectionFileKinds.Overlay:
                DetectionOverlay.WritePng(path, outcome.Image ?? throw new InvalidOperationException("An overlay needs the image read whole."), outcome.Cells);
                break;
            case DetectionFileKinds.ProximityMap:
                Float32Tiff.Write(path, outcome.Map ?? throw new InvalidOperationException("The proximity map was not kept."), outcome.MapWidth, outcome.MapHeight);
                break;
        }
    }
}
