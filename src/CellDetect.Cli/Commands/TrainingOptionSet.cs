using System.CommandLine;
using CellDetect.Cli.Training;
using CellDetect.Core.Augmentation;
using CellDetect.Core.Datasets;
using CellDetect.Core.Imaging;
using CellDetect.Model.Network;
using CellDetect.Model.Training;

namespace CellDetect.Cli.Commands;

/// <summary>The options <c>train</c> and <c>crossval</c> share: how one model is trained, read into <see cref="TrainingChoices"/>.</summary>
public sealed class TrainingOptionSet
{
    private readonly Option<double> valFraction = Define.Number("--val-fraction", "share of each folder's (training) images held out for validation: choosing the epoch and the threshold", new Define.Range(0, 1, MaxOpen: true), 0.2);
    private readonly Option<string> init = Define.Text("--init", "start from this model's weights (a .cdmodel file or a built-in name): fine-tuning; the result is never worse on validation than the start", "model", defaultText: "random weights");
    private readonly Option<Define.Named<NetworkHead>> head = Define.Choice<NetworkHead>("--head", "output of the network: sr structured regression (the paper's), pwr pixel-wise regression, pwc pixel-wise classification",
        [("sr", NetworkHead.StructuredRegression), ("pwr", NetworkHead.PixelRegression), ("pwc", NetworkHead.PixelClassification)], defaultText: "the --init model's, else sr");
    private readonly Option<Define.Named<NetworkArchitecture?>> architecture = Define.Choice<NetworkArchitecture?>("--architecture",
        "network: paper (Xie et al.'s, the method) or unet (an encoder-decoder regressing the same eq. 1 map with the same loss, about 117 px of context; head sr only)",
        [("paper", NetworkArchitecture.Paper), ("unet", NetworkArchitecture.UNet)], defaultText: "the --init model's, else paper");
    private readonly Option<int?> cropPatches = Define.OptionalWholeNumber("--crop-patches", "patches per side of each training crop, 4 px apart: a crop is 49 + 4 (N - 1) px across and trains N x N patches in one pass", 1, 64, "8 (77 px crops)");
    private readonly Option<Define.Named<ChannelMapping?>> channels = Define.Choice<ChannelMapping?>("--channels", "network input: rgb, gray, or auto (the --init model's; else gray when any training image has one channel, else rgb)",
        [("rgb", ChannelMapping.Rgb), ("gray", ChannelMapping.Gray), ("auto", null)], "auto");
    private readonly Option<double?> timeLimit = Define.OptionalNumber("--time-limit-minutes", "wall-time budget of a model: no epoch is started that would end past it (at the mean epoch time so far); the best epoch is kept", new Define.Range(0, 1_000_000, MinOpen: true), "none");
    private readonly Option<int> epochs = Define.WholeNumber("--epochs", "most epochs to train", 1, int.MaxValue, 30);
    private readonly Option<int> stepsPerEpoch = Define.WholeNumber("--steps-per-epoch", "optimizer steps per epoch", 1, int.MaxValue, 150);
    private readonly Option<int> cropsPerStep = Define.WholeNumber("--crops-per-step", "training crops per optimizer step (batch size)", 1, int.MaxValue, 8);
    private readonly Option<string> optimizer = Define.Choice("--optimizer", "adam, or the paper's plain sgd", ["adam", "sgd"], "adam");
    private readonly Option<double?> learningRate = Define.OptionalNumber("--lr", "learning rate", Define.Range.Above(0), "2e-4 with adam, 5e-4 with sgd");
    private readonly Option<Define.Named<LearningRateSchedule>> schedule = Define.Choice<LearningRateSchedule>("--lr-schedule",
        "how the learning rate falls over --epochs: constant, cosine (to 2% in the last epoch) or step (a tenth from half-way, a hundredth from three quarters)", LearningRateSchedules.Names, "constant");
    private readonly Option<int> patience = Define.WholeNumber("--patience", "stop after this many epochs without a better validation F1", 1, int.MaxValue, 8);
    private readonly Option<int?> samplingSeed = Define.OptionalWholeNumber("--sampling-seed", "seed of the crop sampling and augmentation", int.MinValue, int.MaxValue, "--seed");
    private readonly Option<Define.Named<TrainingAugmentations>> augment = Define.Words("--augment",
        "augmentations of the training crops, separated by commas, or none (the paper's): dihedral (the 8 flips/90-degree rotations), stain (HED jitter, rgb only), intensity (brightness/contrast/gamma), scale (x0.8 to 1.2), blur, noise",
        TrainingAugmentationNames.Each, TrainingAugmentationNames.Parse, "dihedral");
    private readonly Option<double?> cellDiameter = Define.OptionalNumber("--cell-diameter", "train at cells this many pixels across: each image is rescaled by it over its cells' diameter (as --cell-diameter-from measures it), and it is recorded in the model",
        new Define.Range(2, 200), "the images' own scale; the estimated diameter is recorded when the folders agree within 25%");
    private readonly Option<Define.Named<CellDiameterSource>> cellDiameterFrom = Define.Choice<CellDiameterSource>("--cell-diameter-from",
        "with --cell-diameter, how each training image's cells are measured: clicks (its folder's median at the clicks) or image (its own estimate from the pixels, the one detect makes for an uncalibrated image, which detect then makes for this model whatever its channels)",
        [("clicks", CellDiameterSource.Clicks), ("image", CellDiameterSource.Image)], "clicks");
    private readonly Option<Define.Named<CropSampling>> sampling = Define.Choice<CropSampling>("--sampling",
        "how each training crop's image is drawn: area (in proportion to its area) or sets (each --images folder equally often, by area within it)",
        [("area", CropSampling.ByArea), ("sets", CropSampling.DataSetsEqually)], "area");
    private readonly Option<int?> threads = Define.OptionalWholeNumber("--threads", "CPU threads for libtorch", 1, 1024, "libtorch's choice (the physical cores)");
    private readonly Option<bool> quiet = Define.Flag("--quiet", "no progress bar");

    /// <summary>The options, in the order the help lists them.</summary>
    public IReadOnlyList<Option> All => [valFraction, init, architecture, head, channels, timeLimit, epochs, stepsPerEpoch, cropsPerStep, cropPatches, optimizer, learningRate, schedule, patience, samplingSeed, augment, cellDiameter, cellDiameterFrom, sampling, threads, quiet];

    public TrainingChoices Read(ParseResult result)
    {
        if (result.GetValue(cellDiameterFrom)!.Value == CellDiameterSource.Image && result.GetValue(cellDiameter) is null)
        {
            throw new UsageException("--cell-diameter-from image: give --cell-diameter too (the size the images' cells are rescaled to).");
        }
        return new(
            result.GetValue(valFraction), result.GetValue(init), result.GetValue(head)?.Value, result.GetValue(channels)!.Value, result.GetValue(timeLimit),
            result.GetValue(epochs), result.GetValue(stepsPerEpoch), result.GetValue(cropsPerStep), result.GetValue(optimizer)!, result.GetValue(learningRate), result.GetValue(schedule)!.Value,
            result.GetValue(patience), result.GetValue(samplingSeed), result.GetValue(augment)!.Value, result.GetValue(cellDiameter), result.GetValue(threads), result.GetValue(quiet),
            result.GetValue(cellDiameterFrom)!.Value, result.GetValue(sampling)!.Value, result.GetValue(architecture)?.Value, result.GetValue(cropPatches));
    }
}
