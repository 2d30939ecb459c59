using CellDetect.Model.Training;

namespace CellDetect.Model.Tests;

public sealed class TrainingImageDrawTests
{
    /// <summary>One large image in set "huh7" against ten of a tenth the area each in set "vgg": equal total areas, then a tenth.</summary>
    private static readonly (string DataSet, long Area)[] Images =
        [("huh7", 1000), .. Enumerable.Range(0, 10).Select(_ => ("vgg", 100L)), ("huh7", 0)];

    private static double ShareOfFirst(CropSampling sampling, (string, long)[] images, int draws = 20_000)
    {
        var draw = new TrainingImageDraw(images, sampling);
        var random = new Random(3);
        return Enumerable.Range(0, draws).Count(_ => draw.Next(random) == 0) / (double)draws;
    }

    [Fact]
    public void ByAreaEachImageIsDrawnInProportionToItsArea()
    {
        Assert.InRange(ShareOfFirst(CropSampling.ByArea, Images), 0.48, 0.52);
        var smaller = Images.Select((image, i) => i == 0 ? (image.DataSet, 100L) : image).ToArray();
        Assert.InRange(ShareOfFirst(CropSampling.ByArea, smaller), 0.08, 0.10);
    }

    [Fact]
    public void DataSetsEquallyGivesEachFolderHalfTheDrawsWhateverItsArea()
    {
        var smaller = Images.Select((image, i) => i == 0 ? (image.DataSet, 100L) : image).ToArray();
        Assert.InRange(ShareOfFirst(CropSampling.DataSetsEqually, smaller), 0.48, 0.52);
        // An image of no area is never drawn, in either way.
        var draw = new TrainingImageDraw(Images, CropSampling.DataSetsEqually);
        var random = new Random(5);
        Assert.DoesNotContain(Images.Length - 1, Enumerable.Range(0, 5000).Select(_ => draw.Next(random)));
    }

    [Fact]
    public void ByAreaTakesOneDrawPerImageAsBeforeSetsCouldBeBalanced()
    {
        var draw = new TrainingImageDraw(Images, CropSampling.ByArea);
        var (random, reference) = (new Random(11), new Random(11));
        var cumulative = new double[Images.Length];
        double total = 0;
        for (int i = 0; i < Images.Length; i++)
        {
            cumulative[i] = total += Images[i].Area;
        }
        for (int n = 0; n < 1000; n++)
        {
            var found = Array.BinarySearch(cumulative, reference.NextDouble() * total);
            Assert.Equal(found >= 0 ? found : Math.Min(~found, Images.Length - 1), draw.Next(random));
        }
    }
}
