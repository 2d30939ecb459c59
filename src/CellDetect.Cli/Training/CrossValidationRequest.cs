using CellDetect.Model.Training;

namespace CellDetect.Cli.Training;

/// <summary>
/// A k-fold cross-validation to run: the annotated images (each tagged with its data set), the folds and their seed,
/// how each fold's model is trained, how held-out images are detected (stride, candidate peak radii, whether test-time
/// augmentation is measured too), and the output folder.
/// </summary>
public sealed record CrossValidationRequest(
    IReadOnlyList<TrainingSample> Images, int Folds, int Seed, TrainingChoices Training, int Stride, IReadOnlyList<int> PeakRadii, bool TestTimeAugmentation, string Out, string Command);
