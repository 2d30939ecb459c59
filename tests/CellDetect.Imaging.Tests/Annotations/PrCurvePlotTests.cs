using CellDetect.Core.Evaluation;
using CellDetect.Imaging.Plots;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace CellDetect.Imaging.Tests.Annotations;

public class PrCurvePlotTests
{
    private static PrCurve Curve(params (double Threshold, int Tp, int Fp, int Fn)[] points)
    {
        var list = points.Select(p => new PrCurvePoint(p.Threshold, new DetectionCounts(p.Tp, p.Fp, p.Fn))).ToList();
        return new PrCurve(list, list.MaxBy(p => p.F1));
    }

    [Fact]
    public void Draws_each_curve_in_its_own_colour_where_it_belongs()
    {
        using var dir = new TempDirectory();
        var path = dir.File("pr.png");
        var a = PlotSeries.FromCurve("SR-1", Curve((0.9, 5, 0, 5), (0.5, 8, 2, 2), (0.1, 10, 10, 0)), (255, 0, 0));
        var b = new PlotSeries("flat", new[] { (0.0, 0.3), (1.0, 0.3) }, Color: (0, 0, 255));
        PrCurvePlot.WritePng(path, new[] { a, b }, 640);
        using var image = Image.Load<Rgba32>(path);
        Assert.Equal((640, 640), (image.Width, image.Height));
        // On the horizontal blue line at precision 0.3, away from the legend.
        var (x, y) = PrCurvePlot.ToPixel(0.8, 0.3, 640);
        Assert.Equal(new Rgba32(0, 0, 255), image[(int)x, (int)y]);
        // The red curve passes through (recall 0.8, precision 0.8), where the best-F1 marker sits.
        (x, y) = PrCurvePlot.ToPixel(0.8, 0.8, 640);
        Assert.Equal(new Rgba32(255, 0, 0), image[(int)x, (int)y]);
        // Corners outside the plot stay white; the frame is dark.
        Assert.Equal(new Rgba32(255, 255, 255), image[639, 0]);
        var (left, top, side) = PrCurvePlot.PlotArea(640);
        Assert.True(image[left, top + side / 3].R < 80);
        Assert.Single(Directory.GetFiles(dir.Path));
    }

    [Fact]
    public void Writes_the_curve_as_csv()
    {
        using var dir = new TempDirectory();
        var path = dir.File("pr.csv");
        PrCurveCsv.Write(path, Curve((0.9, 1, 0, 3), (0.25, 3, 1, 1)));
        Assert.Equal("threshold,precision,recall,f1,tp,fp,fn\n0.9,1,0.25,0.4,1,0,3\n0.25,0.75,0.75,0.75,3,1,1\n", File.ReadAllText(path));
    }
}
