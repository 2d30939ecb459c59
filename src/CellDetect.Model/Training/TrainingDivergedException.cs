namespace CellDetect.Model.Training;

/// <summary>
/// The loss or the weights became NaN or infinite: training stops at once, and nothing from the diverged
/// epoch is saved (the checkpoint of the last good epoch stays).
/// </summary>
public sealed class TrainingDivergedException(int epoch, int step, string message) : Exception(message)
{
    public int Epoch { get; } = epoch;

    /// <summary>The step within <see cref="Epoch"/> (1-based) after which the problem was found.</summary>
    public int Step { get; } = step;
}
