using CellDetect.Core.Detection;
using CellDetect.Imaging.Annotations;

namespace CellDetect.Imaging.Tests.Annotations;

public class PointsCsvTests
{
    private static IReadOnlyList<CellPoint> Parse(string text) => PointsCsv.Read(new StringReader(text), "test.csv");

    [Fact]
    public void Reads_columns_by_header_name_in_any_order()
    {
        var points = Parse("score,class,y,x\n0.5,epithelial,2.25,1.5\n\n0.75,,4,3\n");
        Assert.Equal(new[] { new CellPoint(1.5, 2.25, 0.5, "epithelial"), new CellPoint(3, 4, 0.75, null) }, points);
    }

    [Fact]
    public void Missing_optional_columns_default_to_score_one_and_no_class()
    {
        Assert.Equal(new[] { new CellPoint(147.78, 180.48) }, Parse("x,y\n147.78,180.48\n"));
        Assert.Equal(new[] { new CellPoint(1, 2, 1.0, "fibroblast") }, Parse("X, Y ,Class\r\n1,2,fibroblast\r\n"));
    }

    [Theory]
    [InlineData("x,y\n1,2\n3,abc\n", "test.csv:3", "'y'")]
    [InlineData("x,y\n1,2,3\n", "test.csv:2", "fields")]
    [InlineData("x,score\n1,2\n", "test.csv:1", "'x' and 'y'")]
    [InlineData("x,y\n1,NaN\n", "test.csv:2", "finite")]
    [InlineData("x,y\n1,\"2\n", "test.csv:2", "quoted")]
    [InlineData("", "test.csv", "empty")]
    public void Malformed_input_names_the_file_and_line(string text, string where, string what)
    {
        var error = Assert.Throws<InvalidDataException>(() => Parse(text));
        Assert.Contains(where, error.Message);
        Assert.Contains(what, error.Message);
    }

    [Theory]
    [InlineData("x,y,score\n1,2,0.5\n3,4,NaN\n", 3, "score", "NaN")]
    [InlineData("x,y,score\n1,2,nan\n", 2, "score", "nan")]
    [InlineData("x,y,score\n1,2,0.5\n\n3,4,Infinity\n", 4, "score", "Infinity")]
    [InlineData("x,y\n-Infinity,2\n", 2, "x", "-Infinity")]
    [InlineData("y,x\n1,\u221E\n", 2, "x", "\u221E")]
    [InlineData("x,y\n1,1e999\n", 2, "y", "1e999")]
    public void Non_finite_coordinates_and_scores_name_the_file_line_column_and_value(string text, int line, string column, string value)
    {
        using var dir = new TempDirectory();
        var path = dir.File("detections.csv");
        File.WriteAllText(path, text);
        var error = Assert.Throws<InvalidDataException>(() => PointsCsv.Read(path));
        Assert.Equal($"{path}:{line}: column '{column}' holds '{value}', not a finite number.", error.Message);
    }

    [Theory]
    [InlineData(double.NaN, 1.0, 0.5)]
    [InlineData(1.0, double.NegativeInfinity, 0.5)]
    [InlineData(1.0, 2.0, double.NaN)]
    [InlineData(1.0, 2.0, double.PositiveInfinity)]
    public void Refuses_to_write_what_it_could_not_read_back(double x, double y, double score)
    {
        Assert.Throws<ArgumentException>(() => PointsCsv.Write(new StringWriter(), new[] { new CellPoint(x, y, score) }));
    }

    [Fact]
    public void Writes_invariant_culture_with_two_decimals_and_four_for_scores()
    {
        var writer = new StringWriter();
        PointsCsv.Write(writer, new[] { new CellPoint(1.23456, -0.001, 0.123456, "a,b"), new CellPoint(10, 20, 1, null) });
        Assert.Equal("x,y,score,class\n1.23,0,0.1235,\"a,b\"\n10,20,1,\n", writer.ToString());
    }

    [Fact]
    public void Omits_score_and_class_columns_when_they_carry_nothing()
    {
        var writer = new StringWriter();
        PointsCsv.Write(writer, new[] { new CellPoint(1.5, 2.5) });
        Assert.Equal("x,y\n1.5,2.5\n", writer.ToString());
    }

    [Fact]
    public void Round_trips_through_a_file_without_leaving_temporary_files()
    {
        using var dir = new TempDirectory();
        var path = dir.File("cells.csv");
        var points = new[] { new CellPoint(1.25, 2.5, 0.9, "inflammatory"), new CellPoint(3, 4, 0.25, "a \"quoted\" name") };
        PointsCsv.Write(path, points);
        Assert.Equal(points, PointsCsv.Read(path));
        Assert.Equal(new[] { path }, Directory.GetFiles(dir.Path));
    }

    [Fact]
    public void Reads_the_real_crchisto_annotations()
    {
        var file = Path.Combine(RepoPaths.SharedData, "crchisto", "train", "img1.csv");
        var points = PointsCsv.Read(file);
        Assert.NotEmpty(points);
        Assert.Equal(new CellPoint(147.78, 180.48, 1.0, "fibroblast"), points[0]);
    }
}
