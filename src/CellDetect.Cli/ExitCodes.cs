namespace CellDetect.Cli;

/// <summary>What <c>celldetect</c> exits with; printed at the end of every <c>--help</c> and listed in the README.</summary>
public static class ExitCodes
{
    public const int Done = 0;
    public const int InputsFailed = 1;
    public const int UsageError = 2;
    public const int Cancelled = 130;

    public static IReadOnlyList<(int Code, string Meaning)> Meanings { get; } = new[]
    {
        (Done, "done"),
        (InputsFailed, "some inputs failed (a bad image, a missing file, a damaged model) or a measurement failed; the rest was done"),
        (UsageError, "usage error (unknown command or option, a wrong or out-of-range value); nothing was done"),
        (Cancelled, "cancelled by Ctrl+C (detect: the images finished before it are complete)"),
    };
}
