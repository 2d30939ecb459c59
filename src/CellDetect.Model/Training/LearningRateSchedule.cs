namespace CellDetect.Model.Training;

/// <summary>
/// How the learning rate changes over a run's epochs. The rate of an epoch depends only on its number and the
/// run's epoch count, so a run resumed from a checkpoint continues on the same curve.
/// </summary>
public enum LearningRateSchedule
{
    /// <summary>The same rate throughout (this project's runs before schedules existed).</summary>
    Constant,

    /// <summary>Half a cosine from the full rate in the first epoch down to <see cref="LearningRateSchedules.CosineFloor"/> of it in the last.</summary>
    Cosine,

    /// <summary>The full rate, a tenth of it from half-way, a hundredth from three quarters of the epochs.</summary>
    Step,
}

public static class LearningRateSchedules
{
    /// <summary>Share of the rate the cosine schedule keeps in the last epoch: not zero, so that the last epochs still learn.</summary>
    public const double CosineFloor = 0.02;

    public static IReadOnlyList<(string Name, LearningRateSchedule Value)> Names { get; } =
        [("constant", LearningRateSchedule.Constant), ("cosine", LearningRateSchedule.Cosine), ("step", LearningRateSchedule.Step)];

    public static string Name(this LearningRateSchedule schedule) => Names.Single(n => n.Value == schedule).Name;

    /// <summary>The learning rate of <paramref name="epoch"/> (1-based) of <paramref name="epochs"/>, for a run whose full rate is <paramref name="rate"/>.</summary>
    public static double RateOf(this LearningRateSchedule schedule, double rate, int epoch, int epochs)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(epoch, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(epochs, 1);
        var progress = epochs == 1 ? 0 : Math.Min(epoch - 1, epochs - 1) / (double)(epochs - 1);
        return schedule switch
        {
            LearningRateSchedule.Constant => rate,
            LearningRateSchedule.Cosine => rate * (CosineFloor + (1 - CosineFloor) * 0.5 * (1 + Math.Cos(Math.PI * progress))),
            LearningRateSchedule.Step => rate * (progress >= 0.75 ? 0.01 : progress >= 0.5 ? 0.1 : 1),
            _ => throw new ArgumentOutOfRangeException(nameof(schedule), schedule, "not a learning-rate schedule"),
        };
    }

    /// <summary>How the schedule is recorded in a model's training summary and a checkpoint's fingerprint: the curve depends on the epoch count.</summary>
    public static string Describe(this LearningRateSchedule schedule, int epochs) =>
        schedule == LearningRateSchedule.Constant ? "constant" : $"{schedule.Name()} over {epochs} epochs";
}
