namespace CellDetect.Cli.Commands;

/// <summary>A one-line progress bar on stderr, redrawn in place when stderr is a terminal and every few seconds otherwise.</summary>
public sealed class ConsoleProgress(TextWriter writer)
{
    private const int BarWidth = 24;
    private readonly bool interactive = !Console.IsErrorRedirected;
    private DateTime lastLine = DateTime.MinValue;

    public void Show(double fraction, string text, bool final = false)
    {
        if (!interactive && !final && DateTime.UtcNow - lastLine < TimeSpan.FromSeconds(10))
        {
            return;
        }
        lastLine = DateTime.UtcNow;
        var filled = (int)Math.Round(Math.Clamp(fraction, 0, 1) * BarWidth);
        var line = $"[{new string('#', filled)}{new string('.', BarWidth - filled)}] {text}";
        writer.Write(interactive ? "\r" + line.PadRight(Console.WindowWidth > 0 ? Math.Min(Console.WindowWidth - 1, 120) : 100) : line + Environment.NewLine);
        if (interactive && final)
        {
            writer.WriteLine();
        }
    }

    public static string Duration(TimeSpan? time) => time is not { } t ? "--:--" : t.TotalHours >= 1 ? $"{(int)t.TotalHours}:{t.Minutes:00}:{t.Seconds:00}" : $"{t.Minutes:00}:{t.Seconds:00}";
}
