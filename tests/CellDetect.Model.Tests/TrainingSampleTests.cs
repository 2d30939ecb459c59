using CellDetect.Core.Detection;
using CellDetect.Core.Evaluation;
using CellDetect.Model.Training;

namespace CellDetect.Model.Tests;

public sealed class TrainingSampleTests
{
    [Fact]
    public void ARescaledImageIsValidatedInTheFilesPixels()
    {
        // Trained at half size: a click at file pixel (41, 21) is at (20.25, 10.25) in the image the network sees.
        var file = SyntheticCells.Make("half", 64, 6, 3) with { Cells = [new CellPoint(41, 21)] };
        var halved = file with { Cells = [new CellPoint(20.25, 10.25)], Scale = (0.5, 0.5) };
        Assert.Equal([new CellPoint(41, 21)], halved.InFilePixels([]).Truth);

        // A detection 3 image pixels off is 6 file pixels off: a miss by the 5 px rule that detect is judged by.
        var counts = DetectionEvaluator.Evaluate([halved.InFilePixels([new CellPoint(23.25, 10.25, 0.9)])]).Counts;
        Assert.Equal((0, 1, 1), (counts.TruePositives, counts.FalsePositives, counts.FalseNegatives));
        var near = DetectionEvaluator.Evaluate([halved.InFilePixels([new CellPoint(21.25, 10.25, 0.9)])]).Counts;
        Assert.Equal((1, 0, 0), (near.TruePositives, near.FalsePositives, near.FalseNegatives));

        Assert.Same(file.Cells, file.InFilePixels([]).Truth);
    }
}
