using System.Text.Json;
using CellDetect.Core.Detection;

namespace CellDetect.Imaging.Annotations;

/// <summary>
/// QuPath's GeoJSON: a FeatureCollection of Point features with <c>properties.objectType</c> "detection", the class in
/// <c>properties.classification</c> ({"name", "color": [r,g,b]}) and the score in <c>properties.measurements</c>
/// as an object (<c>{"score": 0.93}</c>, the QuPath 0.4+ form). QuPath puts (0,0) at the top-left corner of the
/// top-left pixel, so 0.5 is added on writing and subtracted on reading.
/// Reading also accepts a bare array of features or a single Feature, MultiPoint geometry (one cell per point,
/// as QuPath's point annotations are stored), Polygon/MultiPolygon geometry (the cell is the area centroid of the
/// outer rings, as for QuPath's cell detections), and the pre-0.4 measurements list
/// <c>[{"name": "score", "value": 0.93}]</c>.
/// </summary>
public static class QuPathGeoJson
{
    /// <summary>Added to our pixel-centre coordinates to get QuPath's pixel-corner coordinates.</summary>
    public const double PixelCentreOffset = 0.5;

    public static IReadOnlyList<CellPoint> Read(string path)
    {
        using var stream = File.OpenRead(path);
        return Read(stream, path);
    }

    public static IReadOnlyList<CellPoint> Read(Stream stream, string sourceName)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(stream, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{sourceName}: not valid JSON ({e.Message}).", e);
        }
        using (document)
        {
            var root = document.RootElement;
            IEnumerable<JsonElement> features = root.ValueKind switch
            {
                JsonValueKind.Array => root.EnumerateArray(),
                JsonValueKind.Object when TypeOf(root) == "FeatureCollection" && root.TryGetProperty("features", out var f) && f.ValueKind == JsonValueKind.Array => f.EnumerateArray(),
                JsonValueKind.Object when TypeOf(root) == "Feature" => new[] { root },
                _ => throw new InvalidDataException($"{sourceName}: expected a GeoJSON FeatureCollection, Feature or array of features."),
            };
            var points = new List<CellPoint>();
            int index = 0;
            foreach (var feature in features)
            {
                ReadFeature(feature, points, $"{sourceName}: feature {index}");
                index++;
            }
            return points;
        }
    }

    public static void Write(string path, IEnumerable<CellPoint> points, bool includeScore = true)
    {
        var list = points.ToList();
        AtomicFile.Write(path, stream => Write(stream, list, includeScore));
    }

    public static void Write(Stream stream, IReadOnlyList<CellPoint> points, bool includeScore = true)
    {
        using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        json.WriteString("type", "FeatureCollection");
        json.WriteStartArray("features");
        foreach (var p in points)
        {
            if (!double.IsFinite(p.X) || !double.IsFinite(p.Y))
            {
                throw new ArgumentException($"Cannot write a point with non-finite coordinates ({p.X}, {p.Y}).", nameof(points));
            }
            json.WriteStartObject();
            json.WriteString("type", "Feature");
            json.WriteStartObject("geometry");
            json.WriteString("type", "Point");
            json.WriteStartArray("coordinates");
            json.WriteNumberValue(Math.Round(p.X + PixelCentreOffset, 4));
            json.WriteNumberValue(Math.Round(p.Y + PixelCentreOffset, 4));
            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteStartObject("properties");
            json.WriteString("objectType", "detection");
            if (p.Class is not null)
            {
                var (r, g, b) = ClassColors.For(p.Class);
                json.WriteStartObject("classification");
                json.WriteString("name", p.Class);
                json.WriteStartArray("color");
                json.WriteNumberValue(r);
                json.WriteNumberValue(g);
                json.WriteNumberValue(b);
                json.WriteEndArray();
                json.WriteEndObject();
            }
            if (includeScore && double.IsFinite(p.Score))
            {
                json.WriteStartObject("measurements");
                json.WriteNumber("score", Math.Round(p.Score, 6));
                json.WriteEndObject();
            }
            json.WriteEndObject();
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteEndObject();
        json.Flush();
    }

    private static string? TypeOf(JsonElement element) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;

    private static void ReadFeature(JsonElement feature, List<CellPoint> points, string where)
    {
        if (TypeOf(feature) != "Feature")
        {
            throw new InvalidDataException($"{where}: not a GeoJSON Feature.");
        }
        if (!feature.TryGetProperty("geometry", out var geometry) || geometry.ValueKind != JsonValueKind.Object)
        {
            throw new InvalidDataException($"{where}: has no geometry.");
        }
        string? cls = null;
        double score = 1.0;
        if (feature.TryGetProperty("properties", out var properties) && properties.ValueKind == JsonValueKind.Object)
        {
            cls = ReadClass(properties);
            score = ReadScore(properties) ?? 1.0;
        }
        if (!geometry.TryGetProperty("coordinates", out var coordinates))
        {
            throw new InvalidDataException($"{where}: geometry has no coordinates.");
        }
        var type = TypeOf(geometry);
        switch (type)
        {
            case "Point":
                Add(Position(coordinates, where));
                break;
            case "MultiPoint":
                foreach (var position in Array(coordinates, where))
                {
                    Add(Position(position, where));
                }
                break;
            case "Polygon":
                Add(Centroid(new[] { Ring(coordinates, where) }, where));
                break;
            case "MultiPolygon":
                Add(Centroid(Array(coordinates, where).Select(polygon => Ring(polygon, where)).ToList(), where));
                break;
            default:
                throw new InvalidDataException($"{where}: geometry type '{type}' is not a cell (expected Point, MultiPoint, Polygon or MultiPolygon).");
        }

        void Add((double X, double Y) p) => points.Add(new CellPoint(p.X - PixelCentreOffset, p.Y - PixelCentreOffset, score, cls));
    }

    private static string? ReadClass(JsonElement properties)
    {
        if (!properties.TryGetProperty("classification", out var classification))
        {
            return null;
        }
        var name = classification.ValueKind switch
        {
            JsonValueKind.Object when classification.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String => n.GetString(),
            JsonValueKind.String => classification.GetString(),
            _ => null,
        };
        return string.IsNullOrWhiteSpace(name) ? null : name;
    }

    private static double? ReadScore(JsonElement properties)
    {
        if (!properties.TryGetProperty("measurements", out var measurements))
        {
            return null;
        }
        if (measurements.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in measurements.EnumerateObject())
            {
                if (property.Name.Equals("score", StringComparison.OrdinalIgnoreCase) && property.Value.ValueKind == JsonValueKind.Number)
                {
                    return property.Value.GetDouble();
                }
            }
        }
        else if (measurements.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in measurements.EnumerateArray())
            {
                if (item.ValueKind == JsonValueKind.Object
                    && item.TryGetProperty("name", out var name) && name.ValueKind == JsonValueKind.String
                    && string.Equals(name.GetString(), "score", StringComparison.OrdinalIgnoreCase)
                    && item.TryGetProperty("value", out var value) && value.ValueKind == JsonValueKind.Number)
                {
                    return value.GetDouble();
                }
            }
        }
        return null;
    }

    private static IEnumerable<JsonElement> Array(JsonElement element, string where) =>
        element.ValueKind == JsonValueKind.Array ? element.EnumerateArray() : throw new InvalidDataException($"{where}: coordinates must be an array.");

    private static (double X, double Y) Position(JsonElement position, string where)
    {
        var values = Array(position, where).ToList();
        if (values.Count < 2 || values[0].ValueKind != JsonValueKind.Number || values[1].ValueKind != JsonValueKind.Number)
        {
            throw new InvalidDataException($"{where}: a position must be [x, y].");
        }
        return (values[0].GetDouble(), values[1].GetDouble());
    }

    /// <summary>The outer ring of a polygon (holes are ignored).</summary>
    private static List<(double X, double Y)> Ring(JsonElement polygon, string where)
    {
        var rings = Array(polygon, where).ToList();
        if (rings.Count == 0)
        {
            throw new InvalidDataException($"{where}: polygon without rings.");
        }
        return Array(rings[0], where).Select(p => Position(p, where)).ToList();
    }

    private static (double X, double Y) Centroid(IReadOnlyList<List<(double X, double Y)>> rings, string where)
    {
        double area = 0, cx = 0, cy = 0, sx = 0, sy = 0;
        int count = 0;
        foreach (var ring in rings)
        {
            for (int i = 0; i < ring.Count; i++)
            {
                var (x0, y0) = ring[i];
                var (x1, y1) = ring[(i + 1) % ring.Count];
                var cross = x0 * y1 - x1 * y0;
                area += cross;
                cx += (x0 + x1) * cross;
                cy += (y0 + y1) * cross;
                sx += x0;
                sy += y0;
                count++;
            }
        }
        if (count == 0)
        {
            throw new InvalidDataException($"{where}: empty polygon.");
        }
        // Degenerate (zero-area) outlines fall back to the mean vertex.
        return Math.Abs(area) < 1e-12 ? (sx / count, sy / count) : (cx / (3 * area), cy / (3 * area));
    }
}
