namespace CellDetect.Protocol;

/// <summary>Method and notification names of protocol 1.</summary>
public static class Methods
{
    public const string Hello = "hello";

    public const string ModelsList = "models.list";

    public const string Detect = "detect";

    public const string Cancel = "cancel";

    public const string Shutdown = "shutdown";

    /// <summary>Reserved for training; protocol 1 servers answer <c>unknown_method</c>.</summary>
    public const string TrainStart = "train.start";

    /// <summary>Reserved for training; protocol 1 servers answer <c>unknown_method</c>.</summary>
    public const string TrainStatus = "train.status";

    /// <summary>The notification kind that reports a request's progress.</summary>
    public const string ProgressNotification = "progress";
}
