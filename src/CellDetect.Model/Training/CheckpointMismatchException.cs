namespace CellDetect.Model.Training;

/// <summary>
/// The checkpoint at the run's checkpoint path belongs to another run (other images, seed, head...), or a
/// resume was required and there is none. An IOException, like the other problems with files on disk.
/// </summary>
public sealed class CheckpointMismatchException(string message) : IOException(message);
