using System.Globalization;
using System.Text;
using CellDetect.Core.Detection;

namespace CellDetect.Imaging.Annotations;

/// <summary>
/// The points CSV: a header naming the columns, <c>x,y</c> required, <c>score</c> and <c>class</c> optional, in any
/// order (other columns are ignored); one row per cell. Coordinates are 0-based pixels with (0,0) the centre of the
/// top-left pixel. Fields may be quoted as in RFC 4180; blank lines are skipped. A missing score reads as 1, an
/// empty class as none.
/// </summary>
public static class PointsCsv
{
    public static IReadOnlyList<CellPoint> Read(string path)
    {
        using var reader = new StreamReader(path, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        return Read(reader, path);
    }

    public static IReadOnlyList<CellPoint> Read(TextReader reader, string sourceName)
    {
        ArgumentNullException.ThrowIfNull(reader);
        int lineNumber = 0;
        string? line;
        List<string>? header = null;
        while ((line = reader.ReadLine()) is not null)
        {
            lineNumber++;
            if (!string.IsNullOrWhiteSpace(line))
            {
                header = SplitRow(line, sourceName, lineNumber).Select(h => h.Trim().ToLowerInvariant()).ToList();
                break;
            }
        }
        if (header is null)
        {
            throw new InvalidDataException($"{sourceName}: empty file; expected a header line such as 'x,y'.");
        }
        int x = header.IndexOf("x"), y = header.IndexOf("y"), score = header.IndexOf("score"), cls = header.IndexOf("class");
        if (x < 0 || y < 0)
        {
            throw new InvalidDataException($"{sourceName}:{lineNumber}: the header must name columns 'x' and 'y', got '{string.Join(",", header)}'.");
        }
        foreach (var name in new[] { "x", "y", "score", "class" })
        {
            if (header.Count(h => h == name) > 1)
            {
                throw new InvalidDataException($"{sourceName}:{lineNumber}: column '{name}' appears more than once in the header.");
            }
        }
        var points = new List<CellPoint>();
        while ((line = reader.ReadLine()) is not null)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }
            var fields = SplitRow(line, sourceName, lineNumber);
            if (fields.Count != header.Count)
            {
                throw new InvalidDataException($"{sourceName}:{lineNumber}: expected {header.Count} fields like the header, got {fields.Count}.");
            }
            var px = Number(fields[x], "x", sourceName, lineNumber);
            var py = Number(fields[y], "y", sourceName, lineNumber);
            var ps = score >= 0 && fields[score].Trim().Length > 0 ? Number(fields[score], "score", sourceName, lineNumber) : 1.0;
            var pc = cls >= 0 && fields[cls].Trim().Length > 0 ? fields[cls].Trim() : null;
            points.Add(new CellPoint(px, py, ps, pc));
        }
        return points;
    }

    /// <summary>
    /// Writes <c>x,y[,score][,class]</c>: x and y with at most 2 decimals, score with 4, invariant culture.
    /// By default (null) the score column is written when any score differs from 1 and the class column when any
    /// point has a class.
    /// </summary>
    public static void Write(string path, IEnumerable<CellPoint> points, bool? includeScore = null, bool? includeClass = null)
    {
        var list = points.ToList();
        AtomicFile.WriteText(path, writer => Write(writer, list, includeScore, includeClass));
    }

    public static void Write(TextWriter writer, IReadOnlyList<CellPoint> points, bool? includeScore = null, bool? includeClass = null)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var withScore = includeScore ?? points.Any(p => p.Score != 1.0);
        var withClass = includeClass ?? points.Any(p => p.Class is not null);
        writer.Write("x,y");
        if (withScore)
        {
            writer.Write(",score");
        }
        if (withClass)
        {
            writer.Write(",class");
        }
        writer.Write('\n');
        foreach (var p in points)
        {
            if (!double.IsFinite(p.X) || !double.IsFinite(p.Y) || !double.IsFinite(p.Score))
            {
                // Read refuses such a row, so writing one would make a file this tool cannot read back.
                throw new ArgumentException($"Cannot write a point with a non-finite coordinate or score (x {p.X}, y {p.Y}, score {p.Score}).", nameof(points));
            }
            writer.Write(Format(p.X, "0.##"));
            writer.Write(',');
            writer.Write(Format(p.Y, "0.##"));
            if (withScore)
            {
                writer.Write(',');
                writer.Write(Format(p.Score, "0.####"));
            }
            if (withClass)
            {
                writer.Write(',');
                writer.Write(Quote(p.Class ?? ""));
            }
            writer.Write('\n');
        }
    }

    private static string Format(double value, string format)
    {
        var text = value.ToString(format, CultureInfo.InvariantCulture);
        return text == "-0" ? "0" : text;
    }

    private static string Quote(string field) =>
        field.IndexOfAny(new[] { ',', '"', '\n', '\r' }) >= 0 || field != field.Trim()
            ? "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\""
            : field;

    private static double Number(string field, string column, string sourceName, int lineNumber)
    {
        var text = field.Trim();
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
        {
            throw new InvalidDataException($"{sourceName}:{lineNumber}: column '{column}' holds '{text}', not a finite number.");
        }
        return value;
    }

    /// <summary>Splits one CSV record (no embedded newlines) into fields, honouring double quotes.</summary>
    private static List<string> SplitRow(string line, string sourceName, int lineNumber)
    {
        var fields = new List<string>();
        var current = new StringBuilder();
        bool quoted = false, wasQuoted = false;
        for (int i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted)
            {
                if (c == '"')
                {
                    if (i + 1 < line.Length && line[i + 1] == '"')
                    {
                        current.Append('"');
                        i++;
                    }
                    else
                    {
                        quoted = false;
                    }
                }
                else
                {
                    current.Append(c);
                }
            }
            else if (c == ',')
            {
                fields.Add(current.ToString());
                current.Clear();
                wasQuoted = false;
            }
            else if (c == '"' && current.ToString().Trim().Length == 0 && !wasQuoted)
            {
                current.Clear();
                quoted = wasQuoted = true;
            }
            else
            {
                current.Append(c);
            }
        }
        if (quoted)
        {
            throw new InvalidDataException($"{sourceName}:{lineNumber}: unterminated quoted field.");
        }
        fields.Add(current.ToString());
        return fields;
    }
}
