namespace CellDetect.Cli.Training;

/// <summary>
/// A finished fold, written last as OUT/fold-N/fold.json (its presence marks the fold done for its evaluation): how
/// its model trained, the cell diameters estimated on its training images, how its held-out images were detected, and
/// the detection time per megapixel of each evaluation variant. Its held-out detections are the CSV files beside it.
/// </summary>
public sealed record FoldOutcome(
    int Fold, int TrainingImages, IReadOnlyList<string> ValidationImages, int HeldOutImages, double TrainingSeconds, int BestEpoch, int EpochsRun,
    double ValidationF1, double ModelThreshold, IReadOnlyDictionary<string, double> CellDiameters, CrossValidationEvaluation Evaluation,
    IReadOnlyDictionary<string, double> SecondsPerMegapixel);
