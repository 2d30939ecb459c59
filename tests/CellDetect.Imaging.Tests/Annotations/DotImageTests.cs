using CellDetect.Core.Detection;
using CellDetect.Imaging.Annotations;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace CellDetect.Imaging.Tests.Annotations;

public class DotImageTests
{
    [Theory]
    [InlineData("dots.png")]
    [InlineData("dots.tif")]
    public void Marks_one_pixel_per_cell_at_the_rounded_coordinate(string name)
    {
        using var dir = new TempDirectory();
        var path = dir.File(name);
        DotImage.Write(path, new[] { new CellPoint(1.4, 2.6), new CellPoint(9.5, 0), new CellPoint(-0.5, 4.49) }, 12, 8);
        using (var image = Image.Load<L8>(path))
        {
            Assert.Equal((12, 8), (image.Width, image.Height));
            Assert.Equal(255, image[1, 3].PackedValue);
            Assert.Equal(0, image[0, 0].PackedValue);
        }
        var back = DotImage.Read(path).OrderBy(p => p.Y).ThenBy(p => p.X).ToList();
        Assert.Equal(new[] { new CellPoint(10, 0), new CellPoint(1, 3), new CellPoint(0, 4) }, back);
    }

    [Fact]
    public void Rejects_points_outside_the_image()
    {
        using var dir = new TempDirectory();
        Assert.Throws<ArgumentException>(() => DotImage.Write(dir.File("x.png"), new[] { new CellPoint(11.5, 0) }, 12, 8));
        Assert.Empty(Directory.GetFiles(dir.Path));
    }
}
