using CellDetect.Model.Network;

namespace CellDetect.Model.Training;

/// <summary>The best network found (by validation F1) and what was learnt about it.</summary>
public sealed record TrainingResult(ProximityNetwork Network, double Threshold, double ValidationF1, int BestEpoch, int EpochsRun, double TrainingSeconds, IReadOnlyList<double> EpochLosses);
