using System.Globalization;
using BitMiracle.LibTiff.Classic;

namespace CellDetect.Imaging.Images.Tiff;

/// <summary>
/// LibTiff.NET reports problems through one library-wide handler that prints to the console. This
/// handler prints nothing: it records errors and warnings for the thread that is reading (decoding is
/// synchronous, so a thread-static list is exact), and <see cref="TiffFile"/> turns them into exception messages.
/// </summary>
internal sealed class TiffMessageCapture : TiffErrorHandler
{
    private const int MaxMessages = 20;
    private static readonly TiffMessageCapture Instance = new();

    [ThreadStatic]
    private static List<string>? errors;

    [ThreadStatic]
    private static List<string>? warnings;

    private TiffMessageCapture()
    {
    }

    /// <summary>Installs the handler (again, in case something else replaced it) and clears this thread's messages.</summary>
    public static void Begin()
    {
        BitMiracle.LibTiff.Classic.Tiff.SetErrorHandler(Instance);
        (errors ??= new List<string>()).Clear();
        (warnings ??= new List<string>()).Clear();
    }

    public static IReadOnlyList<string> Errors => errors ?? (IReadOnlyList<string>)Array.Empty<string>();

    public static IReadOnlyList<string> Warnings => warnings ?? (IReadOnlyList<string>)Array.Empty<string>();

    public static void ClearErrors() => errors?.Clear();

    public override void ErrorHandler(BitMiracle.LibTiff.Classic.Tiff tif, string method, string format, params object[] args) =>
        Add(errors ??= new List<string>(), method, format, args);

    public override void ErrorHandlerExt(BitMiracle.LibTiff.Classic.Tiff tif, object clientData, string method, string format, params object[] args)
    {
    }

    public override void WarningHandler(BitMiracle.LibTiff.Classic.Tiff tif, string method, string format, params object[] args) =>
        Add(warnings ??= new List<string>(), method, format, args);

    public override void WarningHandlerExt(BitMiracle.LibTiff.Classic.Tiff tif, object clientData, string method, string format, params object[] args)
    {
    }

    private static void Add(List<string> list, string method, string format, object[] args)
    {
        if (list.Count >= MaxMessages)
        {
            return;
        }
        string text;
        try
        {
            text = args is { Length: > 0 } ? string.Format(CultureInfo.InvariantCulture, format, args) : format;
        }
        catch (FormatException)
        {
            text = format;
        }
        list.Add(string.IsNullOrEmpty(method) ? text : $"{method}: {text}");
    }
}
