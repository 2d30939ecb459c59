using CellDetect.Model.Training;

namespace CellDetect.Cli.Training;

/// <summary>
/// A k-fold cross-validation to run: the annotated images (each tagged with its data set), the folds and their seed,
/// how each fold's model is trained, how held-out images are detected, the output folder and the command line to record.
/// </summary>
public sealed record CrossValidationRequest(
    IReadOnlyList<TrainingSample> Images, int Folds, int Seed, TrainingChoices Training, CrossValidationEvaluation Evaluation, string Out, string Command);
