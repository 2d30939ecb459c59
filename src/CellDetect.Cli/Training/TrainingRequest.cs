using CellDetect.Model.Training;

namespace CellDetect.Cli.Training;

/// <summary>
/// One model to train: its images (already split), how, the split's seed, where to save it, its name, what to do
/// with a checkpoint found there, the number format of its weights, the command line to record, and the images' cell
/// diameters estimated so far (shared by the folds of a cross-validation; a new set when null).
/// </summary>
public sealed record TrainingRequest(
    IReadOnlyList<TrainingSample> Training, IReadOnlyList<TrainingSample> Validation, TrainingChoices Choices, int Seed,
    string Out, string Name, ResumePolicy Resume, string Weights, string Command, ImageCellDiameters? Estimates = null);
