using BitMiracle.LibTiff.Classic;
using LibTiff = BitMiracle.LibTiff.Classic.Tiff;

namespace CellDetect.Imaging.Images.Tiff;

/// <summary>
/// One open TIFF file: LibTiff.NET's handle plus the path, with library errors turned into
/// <see cref="InvalidDataException"/>s that name the file. Use on one thread; dispose when done.
/// </summary>
internal sealed class TiffFile : IDisposable
{
    private readonly LibTiff tiff;
    private int currentDirectory;

    /// <summary>The page being read, which every failure names from then on; null while reading the file's layout.</summary>
    private (int Index, int Count)? page;

    private TiffFile(string path, LibTiff tiff)
    {
        Path = path;
        this.tiff = tiff;
        // The length of the file itself, not of a symbolic link to it (the truncation checks compare offsets with it).
        var file = new FileInfo(path);
        Length = file.LinkTarget is null ? file.Length : ((FileInfo?)file.ResolveLinkTarget(returnFinalTarget: true))?.Length ?? file.Length;
        DirectoryCount = Guard(() => (int)tiff.NumberOfDirectories());
        // NumberOfDirectories walks the chain; go back to the first directory.
        Guard(() => tiff.SetDirectory(0));
        currentDirectory = 0;
        ThrowIfTruncated("the first directory");
        if (DirectoryCount <= 0)
        {
            throw Fail("the file has no readable image directory.");
        }
    }

    public string Path { get; }

    public int DirectoryCount { get; }

    /// <summary>File size in bytes.</summary>
    public long Length { get; }

    public LibTiff Handle => tiff;

    public bool IsBigTiff { get; private init; }

    public static TiffFile Open(string path)
    {
        TiffMessageCapture.Begin();
        var isBigTiff = ReadsAsBigTiff(path);
        LibTiff? tiff;
        try
        {
            tiff = LibTiff.Open(path, "r");
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw ImageFileError.Create(path, $"cannot open TIFF ({Describe(e.Message)}).", e);
        }
        if (tiff is null)
        {
            throw ImageFileError.Create(path, $"cannot open TIFF: {ErrorText("the header or first directory is damaged or the file is truncated")}.");
        }
        try
        {
            return new TiffFile(path, tiff) { IsBigTiff = isBigTiff };
        }
        catch
        {
            tiff.Dispose();
            throw;
        }
    }

    /// <summary>From now on failures name page <paramref name="index"/> of <paramref name="count"/> (a damaged page deep in a stack).</summary>
    public void BeginPage(int index, int count) => page = (index, count);

    /// <summary>Makes <paramref name="directory"/> the current one (no-op when it already is).</summary>
    public void SelectDirectory(int directory)
    {
        if (directory < 0 || directory >= DirectoryCount)
        {
            throw Fail($"TIFF directory {directory} does not exist (the file has {DirectoryCount}).");
        }
        if (directory == currentDirectory)
        {
            return;
        }
        TiffMessageCapture.ClearErrors();
        if (!Guard(() => tiff.SetDirectory((short)directory)))
        {
            throw Fail($"directory {directory} is unreadable: {ErrorText("cannot read it")}.");
        }
        currentDirectory = directory;
        ThrowIfTruncated($"directory {directory}");
    }

    /// <summary>
    /// Fails when LibTiff reported an error while reading the directory, could not read tag data (it only
    /// warns: "IO error during reading of ..."), or when a
    /// tile/strip of the current directory lies beyond the end of the file: a truncated file, caught before decoding.
    /// </summary>
    public void ThrowIfTruncated(string where)
    {
        var ioWarning = TiffMessageCapture.Warnings.FirstOrDefault(w => w.Contains("IO error", StringComparison.OrdinalIgnoreCase));
        if (ioWarning is not null)
        {
            throw Fail($"the file is truncated: {where} references data past its end ({ioWarning}).");
        }
        if (TiffMessageCapture.Errors.Count > 0)
        {
            throw Fail($"{where} is damaged or truncated: {ErrorText(string.Empty)}.");
        }
        var tiled = tiff.IsTiled();
        var offsets = Guard(() => tiff.GetField(tiled ? TiffTag.TILEOFFSETS : TiffTag.STRIPOFFSETS))?[0].TolongArray();
        var counts = Guard(() => tiff.GetField(tiled ? TiffTag.TILEBYTECOUNTS : TiffTag.STRIPBYTECOUNTS))?[0].TolongArray();
        if (offsets is null || counts is null)
        {
            throw Fail($"{where} has no {(tiled ? "tile" : "strip")} offsets or byte counts.");
        }
        for (int i = 0; i < Math.Min(offsets.Length, counts.Length); i++)
        {
            if (counts[i] > 0 && (offsets[i] < 0 || offsets[i] + counts[i] > Length))
            {
                throw Fail($"the file is truncated: {(tiled ? "tile" : "strip")} {i} of {where} ends at byte {offsets[i] + counts[i]} but the file has {Length} bytes.");
            }
        }
    }

    /// <summary>
    /// Runs a LibTiff call, turning its exceptions (it throws on some corrupt data) into a readable failure.
    /// That includes LibTiff's own InvalidDataException ("Loop detected while getting number of
    /// directories"), which names no file.
    /// </summary>
    public T Guard<T>(Func<T> call)
    {
        try
        {
            return call();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw Fail($"corrupt TIFF data ({Describe(e.Message)}).", e);
        }
    }

    public InvalidDataException Fail(string problem, Exception? inner = null) =>
        ImageFileError.Create(Path, page is var (index, count) ? $"page index {index} of {count}: {problem}" : problem, inner);

    /// <summary>The errors LibTiff reported since the last clear, or <paramref name="fallback"/> when it said nothing.</summary>
    public static string ErrorText(string fallback)
    {
        var errors = TiffMessageCapture.Errors;
        return errors.Count == 0 ? fallback : string.Join("; ", errors.Distinct().Take(3));
    }

    public void Dispose() => tiff.Dispose();

    private static string Describe(string message) => message.Length > 300 ? message[..300] + "..." : message;

    private static bool ReadsAsBigTiff(string path)
    {
        Span<byte> header = stackalloc byte[4];
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1);
        return stream.ReadAtLeast(header, 4, throwOnEndOfStream: false) == 4 && (header[2] == 43 || header[3] == 43);
    }
}
