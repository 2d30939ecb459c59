namespace CellDetect.Model.Training;

/// <summary>Reported after every step, and with <see cref="ValidationF1"/> after every epoch.</summary>
public readonly record struct TrainingProgress(int Epoch, int Epochs, int Step, int StepsPerEpoch, double Loss, double? ValidationF1, double BestValidationF1, TimeSpan Elapsed, TimeSpan? Remaining);
