using System.Text;
using BitMiracle.LibTiff.Classic;

namespace CellDetect.Imaging.Images.Tiff;

/// <summary>
/// Text tags as writers really fill them. TIFF says ASCII, but tifffile, Bio-Formats and OME writers store UTF-8
/// ("µm" is C2 B5), and LibTiff.NET turns each byte into one character (Latin-1), so "µm" arrived as "Âµm" and an
/// OME pixel size in "µm" was dropped as an unknown unit. Text that is valid UTF-8 is read as UTF-8; anything else
/// (a Latin-1 "µ" is the lone byte B5, never valid UTF-8) stays byte for byte.
/// </summary>
internal static class TiffText
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The text of an ASCII tag of the current directory, or null when it is absent.</summary>
    public static string? Read(BitMiracle.LibTiff.Classic.Tiff tiff, TiffTag tag)
    {
        var field = tiff.GetField(tag);
        return field is { Length: > 0 } ? FromBytesAsCharacters(field[0].ToString() ?? "") : null;
    }

    /// <summary>Text whose characters are its bytes (as LibTiff.NET decodes them), read as UTF-8 when it is valid UTF-8.</summary>
    public static string FromBytesAsCharacters(string bytesAsCharacters)
    {
        if (bytesAsCharacters.All(char.IsAscii) || bytesAsCharacters.Any(c => c > '\u00FF'))
        {
            return bytesAsCharacters;
        }
        try
        {
            return StrictUtf8.GetString(Encoding.Latin1.GetBytes(bytesAsCharacters));
        }
        catch (DecoderFallbackException)
        {
            return bytesAsCharacters;
        }
    }
}
