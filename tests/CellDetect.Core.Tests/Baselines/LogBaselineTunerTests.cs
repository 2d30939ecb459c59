using CellDetect.Core.Baselines;
using CellDetect.Core.Evaluation;

namespace CellDetect.Core.Tests.Baselines;

public sealed class LogBaselineTunerTests
{
    [Theory]
    [InlineData(2.0, false)]
    [InlineData(4.0, true)]
    [InlineData(5.5, false)]
    public void PicksASigmaNearTheBlobSizeAndAThresholdThatDetectsThem(double blobSigma, bool dark)
    {
        var spacing = (int)Math.Ceiling(blobSigma * 7);
        var images = Enumerable.Range(0, 2).Select(seed =>
        {
            var (image, centres) = LogBlobDetectorTests.Blobs(spacing * 6, blobSigma, spacing, dark, seed);
            return new LogTrainingImage($"img{seed}", image, centres);
        }).ToList();

        var result = LogBaselineTuner.Tune(images);

        Assert.InRange(result.Parameters.Sigma, blobSigma / 1.5, blobSigma * 1.5);
        Assert.True(result.TrainingF1 >= 0.9, $"training F1 {result.TrainingF1:0.000}");
        Assert.Equal(18, result.Grid.Count);
        Assert.Equal(2, result.Images);
        Assert.NotEqual(dark ? BlobPolarity.Bright : BlobPolarity.Dark, result.Parameters.Polarity);

        // Detecting with the tuned parameters reproduces the training score.
        var counts = images.Aggregate(default(DetectionCounts), (sum, i) =>
            sum + DetectionEvaluator.EvaluateImage(i.Name, i.Truth, LogBlobDetector.Detect(i.Image, result.Parameters)).Counts);
        Assert.Equal(result.TrainingCounts, counts);
    }

    [Fact]
    public void RejectsAnEmptyTrainingSet()
    {
        Assert.Throws<ArgumentException>(() => LogBaselineTuner.Tune(Array.Empty<LogTrainingImage>()));
    }
}
