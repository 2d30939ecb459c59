namespace CellDetect.Model.Training;

/// <summary>What a run does with a checkpoint it finds at <see cref="TrainingOptions.CheckpointPath"/>.</summary>
public enum ResumePolicy
{
    /// <summary>Resume from a checkpoint of the same run; no checkpoint starts afresh; another run's checkpoint is an error.</summary>
    IfCompatible,

    /// <summary>Start afresh, deleting any checkpoint first (train --no-resume).</summary>
    Never,

    /// <summary>Resume, and fail when there is no checkpoint or it belongs to another run (train --resume).</summary>
    Require,
}
