namespace CellDetect.Imaging.Annotations;

/// <summary>A colour per class name, the same in every run and file format (GeoJSON classification colour, ImageJ stroke colour).</summary>
public static class ClassColors
{
    /// <summary>Used for points without a class.</summary>
    public static readonly (byte R, byte G, byte B) Unclassified = (255, 255, 0);

    private static readonly (byte R, byte G, byte B)[] Palette =
    {
        (230, 25, 75), (60, 180, 75), (0, 130, 200), (245, 130, 48), (145, 30, 180),
        (70, 240, 240), (240, 50, 230), (210, 245, 60), (0, 128, 128), (170, 110, 40),
    };

    private static readonly Dictionary<string, (byte, byte, byte)> Known = new(StringComparer.OrdinalIgnoreCase)
    {
        ["epithelial"] = (230, 25, 75),
        ["fibroblast"] = (60, 180, 75),
        ["inflammatory"] = (0, 130, 200),
        ["others"] = (245, 130, 48),
    };

    public static (byte R, byte G, byte B) For(string? name)
    {
        if (name is null)
        {
            return Unclassified;
        }
        if (Known.TryGetValue(name, out var known))
        {
            return known;
        }
        // FNV-1a: stable across processes, unlike string.GetHashCode.
        uint hash = 2166136261;
        foreach (var c in name)
        {
            hash = (hash ^ c) * 16777619;
        }
        return Palette[hash % (uint)Palette.Length];
    }
}
