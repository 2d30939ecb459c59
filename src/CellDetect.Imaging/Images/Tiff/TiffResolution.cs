using BitMiracle.LibTiff.Classic;
using CellDetect.Core.Imaging;

namespace CellDetect.Imaging.Images.Tiff;

/// <summary>
/// Pixel size from the baseline XResolution/YResolution/ResolutionUnit tags (pixels per inch or per cm).
/// Image editors stamp 72, 96, 150 or 300 dpi on everything; no cell image has pixels larger than
/// <see cref="MaxPlausibleMicrons"/>, so anything coarser is treated as "unknown" rather than trusted.
/// </summary>
internal static class TiffResolution
{
    /// <summary>50 um per pixel = 508 dpi: coarser than any microscope, finer than the usual editor defaults.</summary>
    public const double MaxPlausibleMicrons = 50.0;

    /// <summary>Pixels per unit in x and y, or null when the tags are missing or nonsensical.</summary>
    public static (double X, double Y)? PixelsPerUnit(BitMiracle.LibTiff.Classic.Tiff tiff)
    {
        var x = tiff.GetField(TiffTag.XRESOLUTION);
        if (x is not { Length: > 0 })
        {
            return null;
        }
        var xValue = (double)x[0].ToFloat();
        var y = tiff.GetField(TiffTag.YRESOLUTION);
        var yValue = y is { Length: > 0 } ? y[0].ToFloat() : xValue;
        if (!(xValue > 0) || !(yValue > 0) || !double.IsFinite(xValue) || !double.IsFinite(yValue))
        {
            return null;
        }
        return (xValue, yValue);
    }

    /// <summary>Pixel size when ResolutionUnit is inch or centimetre and the result is plausible for microscopy.</summary>
    public static PixelSize? FromBaselineTags(BitMiracle.LibTiff.Classic.Tiff tiff)
    {
        var unitField = tiff.GetFieldDefaulted(TiffTag.RESOLUTIONUNIT);
        var unit = unitField is { Length: > 0 } ? (ResUnit)unitField[0].ToInt() : ResUnit.INCH;
        var micronsPerUnit = unit switch
        {
            ResUnit.INCH => 25400.0,
            ResUnit.CENTIMETER => 10000.0,
            _ => 0.0,
        };
        return micronsPerUnit > 0 ? FromPixelsPerUnit(tiff, micronsPerUnit) : null;
    }

    /// <summary>Pixel size when the resolution tags count pixels per a unit of <paramref name="micronsPerUnit"/>.</summary>
    public static PixelSize? FromPixelsPerUnit(BitMiracle.LibTiff.Classic.Tiff tiff, double micronsPerUnit)
    {
        if (PixelsPerUnit(tiff) is not { } perUnit)
        {
            return null;
        }
        var size = new PixelSize(micronsPerUnit / perUnit.X, micronsPerUnit / perUnit.Y);
        return size.XMicrons <= MaxPlausibleMicrons && size.YMicrons <= MaxPlausibleMicrons ? size : null;
    }
}
