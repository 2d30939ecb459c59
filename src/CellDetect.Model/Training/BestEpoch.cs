namespace CellDetect.Model.Training;

/// <summary>The best epoch so far; it owns its weight snapshot, which the next best replaces and frees.</summary>
internal sealed record BestEpoch(int Epoch, double F1, double Threshold, WeightSnapshot? Weights)
{
    public BestEpoch ReplacedBy(BestEpoch better)
    {
        Weights?.Dispose();
        return better;
    }
}
