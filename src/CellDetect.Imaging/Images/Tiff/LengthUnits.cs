namespace CellDetect.Imaging.Images.Tiff;

/// <summary>Length unit names as microscopy files write them, converted to micrometres.</summary>
internal static class LengthUnits
{
    /// <summary>Micrometres per <paramref name="unit"/>, or null for an unknown or non-length unit (e.g. "pixel").</summary>
    public static double? MicronsPer(string? unit)
    {
        if (string.IsNullOrWhiteSpace(unit))
        {
            return null;
        }
        var name = unit.Trim().Replace('\u03BC', '\u00B5');
        return name.ToLowerInvariant() switch
        {
            "pm" => 1e-6,
            "\u00E5" or "angstrom" => 1e-4,
            "nm" or "nanometer" or "nanometre" => 1e-3,
            "\u00B5m" or "um" or "micron" or "microns" or "micrometer" or "micrometre" or "\\u00b5m" => 1.0,
            "mm" or "millimeter" or "millimetre" => 1e3,
            "cm" or "centimeter" or "centimetre" => 1e4,
            "m" or "meter" or "metre" => 1e6,
            "inch" or "in" => 25400.0,
            _ => null,
        };
    }
}
