using CellDetect.Core.Imaging;
using CellDetect.Model.Files;
using CellDetect.Model.Inference;
using CellDetect.Model.Training;
using TorchSharp;

namespace CellDetect.Model.Tests;

/// <summary>
/// NaN and infinite pixels are background in training as in detection, and a run whose loss or weights stop
/// being finite stops with an error instead of saving NaN weights (one NaN image used to poison the model).
/// </summary>
public sealed class NonFiniteTrainingTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("celldetect-nonfinite").FullName;

    public void Dispose() => Directory.Delete(directory, true);

    [Fact]
    public void ImagesWithNonFinitePixelsTrainAFiniteModel()
    {
        var damaged = Damage(SyntheticCells.Make("damaged", 80, 10, 1));
        var validation = Damage(SyntheticCells.Make("val", 80, 10, 2));
        Assert.True(damaged.Image.CountNonFinite() > 1000);
        var result = new Trainer(TrainerTests.TinyRun with { Epochs = 1, StepsPerEpoch = 6 }).Train(new[] { damaged, SyntheticCells.Make("clean", 80, 10, 3) }, new[] { validation });
        Assert.All(result.EpochLosses, loss => Assert.True(double.IsFinite(loss)));
        Assert.All(result.Network.parameters(), p => Assert.True(torch.isfinite(p).all().item<bool>()));
        ModelFile.Save(Path.Combine(directory, "m.cdmodel"), result.Network, new ModelMetadata { Channels = ChannelMapping.Gray, Threshold = result.Threshold });
    }

    [Theory]
    [InlineData(ModelCatalog.FluorescenceModel, 1)]
    [InlineData(ModelCatalog.BrightfieldModel, 3)]
    public void AllNaNImageGivesNoCells(string builtIn, int channels)
    {
        // The bug this guards: a 512 x 512 NaN image gave 260,100 "cells".
        var pixels = new float[512 * 512 * channels];
        Array.Fill(pixels, float.NaN);
        var image = new PlanarImage(512, 512, channels, pixels, SampleDescription.Float32);
        using var model = ModelCatalog.Load(builtIn);
        Assert.Empty(new CellDetector(model).Detect(image).Cells);
    }

    [Fact]
    public void DivergingLossStopsTheRunNamingEpochAndStepAndSavesNothing()
    {
        var checkpoint = Path.Combine(directory, "m.cdmodel.checkpoint");
        var options = Exploding with { StepsPerEpoch = 4, CheckpointPath = checkpoint };
        var error = Assert.Throws<TrainingDivergedException>(() => new Trainer(options).Train(new[] { SyntheticCells.Make("a", 64, 6, 1) }, Array.Empty<TrainingSample>()));
        Assert.Equal((1, 2), (error.Epoch, error.Step));
        Assert.StartsWith("Training diverged in epoch 1, step 2: the loss is NaN. Nothing from this epoch was saved; try a lower learning rate (now 1E+20).", error.Message);
        Assert.Empty(Directory.GetFiles(directory));
    }

    [Fact]
    public void WeightsThatDivergeOnTheLastStepAreNotValidatedOrSaved()
    {
        var checkpoint = Path.Combine(directory, "m.cdmodel.checkpoint");
        var options = Exploding with { StepsPerEpoch = 1, CheckpointPath = checkpoint };
        var error = Assert.Throws<TrainingDivergedException>(() => new Trainer(options).Train(new[] { SyntheticCells.Make("a", 64, 6, 1) }, Array.Empty<TrainingSample>()));
        Assert.Equal((1, 1), (error.Epoch, error.Step));
        Assert.StartsWith("Training diverged in epoch 1: the weights became NaN or infinite by step 1.", error.Message);
        Assert.Empty(Directory.GetFiles(directory));
    }

    /// <summary>
    /// A run whose first step leaves infinite weights with a finite loss: lambda 1e30 makes the gradients
    /// about 1e27 and plain SGD at 1e20 multiplies them past float's range.
    /// </summary>
    private static TrainingOptions Exploding => TrainerTests.TinyRun with { Epochs = 2, Optimizer = "sgd", LearningRate = 1e20, Lambda = 1e30 };

    /// <summary>The same sample with a NaN stripe, an infinite block and a -infinity pixel.</summary>
    private static TrainingSample Damage(TrainingSample sample)
    {
        var image = sample.Image;
        for (int x = 0; x < image.Width; x++)
        {
            image[0, 20, x] = float.NaN;
            image[0, 21, x] = float.NaN;
        }
        for (int y = 40; y < 70; y++)
        {
            for (int x = 40; x < 70; x++)
            {
                image[0, y, x] = float.PositiveInfinity;
            }
        }
        image[0, 5, 5] = float.NegativeInfinity;
        return sample;
    }
}
