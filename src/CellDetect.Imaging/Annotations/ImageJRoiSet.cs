using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using CellDetect.Core.Detection;

namespace CellDetect.Imaging.Annotations;

/// <summary>One multi-point ROI: its name and its points in our convention (pixel centres).</summary>
public sealed record ImageJPointRoi(string Name, IReadOnlyList<CellPoint> Points);

/// <summary>
/// ImageJ's ROI Manager file (RoiSet.zip): a zip of binary <c>.roi</c> files as written by ij/io/RoiEncoder.java.
/// Cells are written as one multi-point ROI per class (named after the class; points without a class go to a ROI
/// named "unclassified"), not one ROI per cell, so that the ROI Manager stays fast with thousands of cells.
/// Coordinates are stored with sub-pixel resolution; ImageJ puts (0,0) at the top-left corner of the top-left
/// pixel, so 0.5 is added on writing and subtracted on reading. Scores are not stored.
/// </summary>
public static class ImageJRoiSet
{
    /// <summary>The ROI name used for points without a class; read back as no class.</summary>
    public const string UnclassifiedName = "unclassified";

    public const double PixelCentreOffset = 0.5;

    /// <summary>
    /// The largest coordinate the format holds: ROI bounds and integer coordinates are signed 16-bit.
    /// ImageJ's own point coordinates (ours + 0.5) must stay below it.
    /// </summary>
    public const int MaxCoordinate = short.MaxValue;

    // Header offsets, from ij/io/RoiDecoder.java.
    private const int HeaderSize = 64;
    private const int Version = 228;
    private const byte TypePoint = 10;
    private const int OffsetVersion = 4, OffsetType = 6, OffsetTop = 8, OffsetLeft = 10, OffsetBottom = 12, OffsetRight = 14;
    private const int OffsetNCoordinates = 16, OffsetSize = 18, OffsetStrokeWidth = 34, OffsetStrokeColor = 40, OffsetOptions = 50;
    private const int OffsetPointType = 52, OffsetHeader2 = 60;
    private const short SubPixelResolution = 128;
    // Header2 offsets.
    private const int Header2Size = 64, OffsetNameOffset = 16, OffsetNameLength = 20;

    /// <summary>
    /// True when every point of a <paramref name="width"/> x <paramref name="height"/> image fits in the format.
    /// Callers ask before detecting, so that a larger image skips the RoiSet instead of failing after the work.
    /// </summary>
    public static bool CanHold(int width, int height) => width is > 0 and <= MaxCoordinate && height is > 0 and <= MaxCoordinate;

    /// <summary>
    /// Writes one multi-point ROI per class (in order of first appearance). Points must lie in an image the
    /// format can hold (<see cref="CanHold"/>): x and y from -0.5 up to below <see cref="MaxCoordinate"/> - 0.5.
    /// </summary>
    public static void Write(string path, IEnumerable<CellPoint> points)
    {
        var list = points.ToList();
        ThrowIfOutside(list, path);
        var groups = list.GroupBy(p => p.Class ?? UnclassifiedName, StringComparer.Ordinal).Select(g => (g.Key, g.ToList())).ToList();
        AtomicFile.Write(path, stream =>
        {
            using var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true);
            var entryNames = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var (name, group) in groups)
            {
                var entryName = UniqueEntryName(name, entryNames);
                var entry = zip.CreateEntry(entryName, CompressionLevel.Optimal);
                using var entryStream = entry.Open();
                entryStream.Write(EncodePointRoi(name, group));
            }
        });
    }

    /// <summary>All points, the class being the ROI name ("unclassified" reads as no class); score 1.</summary>
    public static IReadOnlyList<CellPoint> Read(string path) =>
        ReadRois(path).SelectMany(roi => roi.Points).ToList();

    public static IReadOnlyList<ImageJPointRoi> ReadRois(string path)
    {
        using var zip = ZipFile.OpenRead(path);
        var rois = new List<ImageJPointRoi>();
        foreach (var entry in zip.Entries)
        {
            if (!entry.FullName.EndsWith(".roi", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }
            using var stream = entry.Open();
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            rois.Add(DecodePointRoi(buffer.ToArray(), Path.GetFileNameWithoutExtension(entry.FullName), $"{path}: {entry.FullName}"));
        }
        return rois;
    }

    /// <summary>Encodes a multi-point ROI with sub-pixel coordinates, the layout RoiEncoder writes (version 228).</summary>
    public static byte[] EncodePointRoi(string name, IReadOnlyList<CellPoint> points)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (points.Count == 0)
        {
            throw new ArgumentException("A point ROI needs at least one point.", nameof(points));
        }
        ThrowIfOutside(points, $"ROI '{name}'");
        int n = points.Count;
        var xs = points.Select(p => Stored(p.X)).ToArray();
        var ys = points.Select(p => Stored(p.Y)).ToArray();
        // Every stored coordinate is in [0, MaxCoordinate), so bounds and offsets all fit in 16 bits.
        int left = (int)Math.Floor(xs.Min()), top = (int)Math.Floor(ys.Min());
        int right = (int)Math.Floor(xs.Max()) + 1, bottom = (int)Math.Floor(ys.Max()) + 1;
        int header2 = HeaderSize + n * 4 + n * 8;
        var bytes = new byte[header2 + Header2Size + name.Length * 2];
        var span = bytes.AsSpan();
        Encoding.ASCII.GetBytes("Iout", span);
        BinaryPrimitives.WriteInt16BigEndian(span[OffsetVersion..], Version);
        span[OffsetType] = TypePoint;
        BinaryPrimitives.WriteInt16BigEndian(span[OffsetTop..], (short)top);
        BinaryPrimitives.WriteInt16BigEndian(span[OffsetLeft..], (short)left);
        BinaryPrimitives.WriteInt16BigEndian(span[OffsetBottom..], (short)bottom);
        BinaryPrimitives.WriteInt16BigEndian(span[OffsetRight..], (short)right);
        if (n < 65536)
        {
            BinaryPrimitives.WriteUInt16BigEndian(span[OffsetNCoordinates..], (ushort)n);
        }
        else
        {
            BinaryPrimitives.WriteInt32BigEndian(span[OffsetSize..], n); // n = 0 in the short says "read the int"
        }
        var (r, g, b) = ClassColors.For(name == UnclassifiedName ? null : name);
        BinaryPrimitives.WriteInt32BigEndian(span[OffsetStrokeColor..], unchecked((int)(0xFF000000u | ((uint)r << 16) | ((uint)g << 8) | b)));
        BinaryPrimitives.WriteInt16BigEndian(span[OffsetOptions..], SubPixelResolution);
        span[OffsetPointType] = 0; // hybrid marker, ImageJ's default
        BinaryPrimitives.WriteInt16BigEndian(span[OffsetStrokeWidth..], 1); // point size index 1 ("small"), ImageJ's default
        BinaryPrimitives.WriteInt32BigEndian(span[OffsetHeader2..], header2);
        for (int i = 0; i < n; i++)
        {
            BinaryPrimitives.WriteInt16BigEndian(span[(HeaderSize + i * 2)..], (short)((int)Math.Floor(xs[i]) - left));
            BinaryPrimitives.WriteInt16BigEndian(span[(HeaderSize + n * 2 + i * 2)..], (short)((int)Math.Floor(ys[i]) - top));
            BinaryPrimitives.WriteSingleBigEndian(span[(HeaderSize + n * 4 + i * 4)..], xs[i]);
            BinaryPrimitives.WriteSingleBigEndian(span[(HeaderSize + n * 8 + i * 4)..], ys[i]);
        }
        BinaryPrimitives.WriteInt32BigEndian(span[(header2 + OffsetNameOffset)..], header2 + Header2Size);
        BinaryPrimitives.WriteInt32BigEndian(span[(header2 + OffsetNameLength)..], name.Length);
        for (int i = 0; i < name.Length; i++)
        {
            BinaryPrimitives.WriteUInt16BigEndian(span[(header2 + Header2Size + i * 2)..], name[i]);
        }
        return bytes;
    }

    /// <summary>Decodes a point ROI (integer or sub-pixel coordinates); other ROI types are rejected.</summary>
    public static ImageJPointRoi DecodePointRoi(byte[] bytes, string fallbackName, string sourceName)
    {
        var span = bytes.AsSpan();
        if (bytes.Length < HeaderSize || Encoding.ASCII.GetString(bytes, 0, 4) != "Iout")
        {
            throw new InvalidDataException($"{sourceName}: not an ImageJ ROI (no 'Iout' header).");
        }
        var version = BinaryPrimitives.ReadInt16BigEndian(span[OffsetVersion..]);
        if (span[OffsetType] != TypePoint)
        {
            throw new InvalidDataException($"{sourceName}: ROI type {span[OffsetType]} is not a point ROI (type 10).");
        }
        int top = BinaryPrimitives.ReadInt16BigEndian(span[OffsetTop..]);
        int left = BinaryPrimitives.ReadInt16BigEndian(span[OffsetLeft..]);
        int n = BinaryPrimitives.ReadUInt16BigEndian(span[OffsetNCoordinates..]);
        if (n == 0)
        {
            n = BinaryPrimitives.ReadInt32BigEndian(span[OffsetSize..]);
        }
        var options = BinaryPrimitives.ReadInt16BigEndian(span[OffsetOptions..]);
        var subPixel = (options & SubPixelResolution) != 0 && version >= 222;
        long needed = HeaderSize + (long)n * 4 + (subPixel ? (long)n * 8 : 0);
        if (n < 0 || needed > bytes.Length)
        {
            throw new InvalidDataException($"{sourceName}: truncated ROI ({n} points need {needed} bytes, file has {bytes.Length}).");
        }
        var name = fallbackName;
        var header2 = version >= 218 ? BinaryPrimitives.ReadInt32BigEndian(span[OffsetHeader2..]) : 0;
        if (header2 > 0 && header2 + Header2Size <= bytes.Length)
        {
            var nameOffset = BinaryPrimitives.ReadInt32BigEndian(span[(header2 + OffsetNameOffset)..]);
            var nameLength = BinaryPrimitives.ReadInt32BigEndian(span[(header2 + OffsetNameLength)..]);
            if (nameOffset > 0 && nameLength > 0 && nameOffset + (long)nameLength * 2 <= bytes.Length)
            {
                var chars = new char[nameLength];
                for (int i = 0; i < nameLength; i++)
                {
                    chars[i] = (char)BinaryPrimitives.ReadUInt16BigEndian(span[(nameOffset + i * 2)..]);
                }
                name = new string(chars);
            }
        }
        string? cls = name == UnclassifiedName ? null : name;
        var points = new List<CellPoint>(n);
        for (int i = 0; i < n; i++)
        {
            double x, y;
            if (subPixel)
            {
                x = BinaryPrimitives.ReadSingleBigEndian(span[(HeaderSize + n * 4 + i * 4)..]) - PixelCentreOffset;
                y = BinaryPrimitives.ReadSingleBigEndian(span[(HeaderSize + n * 8 + i * 4)..]) - PixelCentreOffset;
            }
            else
            {
                // Integer points name a pixel, whose centre is that index in our convention.
                x = left + BinaryPrimitives.ReadInt16BigEndian(span[(HeaderSize + i * 2)..]);
                y = top + BinaryPrimitives.ReadInt16BigEndian(span[(HeaderSize + n * 2 + i * 2)..]);
            }
            points.Add(new CellPoint(x, y, 1.0, cls));
        }
        return new ImageJPointRoi(name, points);
    }

    /// <summary>Our coordinate as ImageJ stores it: from the pixel corner, in float32.</summary>
    private static float Stored(double coordinate) => (float)(coordinate + PixelCentreOffset);

    /// <summary>Refuses, naming <paramref name="where"/>, a point that is not finite or lies beyond what 16-bit bounds hold.</summary>
    private static void ThrowIfOutside(IEnumerable<CellPoint> points, string where)
    {
        foreach (var point in points)
        {
            // Checked on the stored float: rounding to float32 can carry 32766.9999 up to 32767.
            if (Stored(point.X) is not (>= 0 and < MaxCoordinate) || Stored(point.Y) is not (>= 0 and < MaxCoordinate))
            {
                throw new ArgumentOutOfRangeException(nameof(points), $"{where}: cannot write the point ({point.X}, {point.Y}) to an ImageJ RoiSet: the format holds coordinates from 0 to {MaxCoordinate} (images up to {MaxCoordinate} x {MaxCoordinate} pixels).");
            }
        }
    }

    private static string UniqueEntryName(string name, HashSet<string> used)
    {
        var safe = new string(name.Select(c => char.IsLetterOrDigit(c) || c is '-' or '_' or '.' or ' ' ? c : '_').ToArray()).Trim();
        if (safe.Length == 0)
        {
            safe = "roi";
        }
        var candidate = safe;
        for (int k = 2; !used.Add(candidate + ".roi"); k++)
        {
            candidate = $"{safe}-{k}";
        }
        return candidate + ".roi";
    }
}
