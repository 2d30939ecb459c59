using System.Text;
using System.Text.Json;
using CellDetect.Core.Detection;
using CellDetect.Imaging.Annotations;

namespace CellDetect.Imaging.Tests.Annotations;

public class QuPathGeoJsonTests
{
    [Fact]
    public void Writes_QuPath_detections_with_pixel_corner_coordinates()
    {
        using var dir = new TempDirectory();
        var path = dir.File("cells.geojson");
        QuPathGeoJson.Write(path, new[] { new CellPoint(10, 20, 0.93, "epithelial"), new CellPoint(0, 0, 0.5) });
        using var json = JsonDocument.Parse(File.ReadAllText(path));
        var root = json.RootElement;
        Assert.Equal("FeatureCollection", root.GetProperty("type").GetString());
        var features = root.GetProperty("features").EnumerateArray().ToList();
        Assert.Equal(2, features.Count);
        var first = features[0];
        Assert.Equal("Feature", first.GetProperty("type").GetString());
        Assert.Equal("Point", first.GetProperty("geometry").GetProperty("type").GetString());
        Assert.Equal(new[] { 10.5, 20.5 }, first.GetProperty("geometry").GetProperty("coordinates").EnumerateArray().Select(c => c.GetDouble()));
        var properties = first.GetProperty("properties");
        Assert.Equal("detection", properties.GetProperty("objectType").GetString());
        Assert.Equal("epithelial", properties.GetProperty("classification").GetProperty("name").GetString());
        Assert.Equal(3, properties.GetProperty("classification").GetProperty("color").GetArrayLength());
        Assert.Equal(0.93, properties.GetProperty("measurements").GetProperty("score").GetDouble());
        Assert.False(features[1].GetProperty("properties").TryGetProperty("classification", out _));
        Assert.Equal(new[] { 0.5, 0.5 }, features[1].GetProperty("geometry").GetProperty("coordinates").EnumerateArray().Select(c => c.GetDouble()));
    }

    [Fact]
    public void Round_trips()
    {
        using var dir = new TempDirectory();
        var path = dir.File("cells.geojson");
        var points = new[] { new CellPoint(1.25, 2.75, 0.125, "fibroblast"), new CellPoint(300, 400, 1, null) };
        QuPathGeoJson.Write(path, points);
        Assert.Equal(points, QuPathGeoJson.Read(path));
    }

    [Fact]
    public void Reads_annotation_multipoints_polygons_and_the_old_measurement_list()
    {
        const string text = """
            [
              { "type": "Feature", "geometry": { "type": "MultiPoint", "coordinates": [[1.5, 2.5], [3.5, 4.5]] },
                "properties": { "objectType": "annotation", "classification": { "name": "Tumor", "colorRGB": -3670016 } } },
              { "type": "Feature", "geometry": { "type": "Polygon", "coordinates": [[[0, 0], [4, 0], [4, 2], [0, 2], [0, 0]]] },
                "properties": { "objectType": "cell", "measurements": [ { "name": "Score", "value": 0.25 } ] } }
            ]
            """;
        var points = QuPathGeoJson.Read(new MemoryStream(Encoding.UTF8.GetBytes(text)), "x.geojson");
        Assert.Equal(new[] { new CellPoint(1, 2, 1, "Tumor"), new CellPoint(3, 4, 1, "Tumor"), new CellPoint(1.5, 0.5, 0.25, null) }, points);
    }

    [Theory]
    [InlineData("{", "not valid JSON")]
    [InlineData("{\"type\":\"Topology\"}", "FeatureCollection")]
    [InlineData("{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\",\"geometry\":{\"type\":\"LineString\",\"coordinates\":[[0,0],[1,1]]}}]}", "feature 0")]
    public void Rejects_what_is_not_cells(string text, string message)
    {
        var error = Assert.Throws<InvalidDataException>(() => QuPathGeoJson.Read(new MemoryStream(Encoding.UTF8.GetBytes(text)), "x.geojson"));
        Assert.Contains(message, error.Message);
        Assert.Contains("x.geojson", error.Message);
    }
}
