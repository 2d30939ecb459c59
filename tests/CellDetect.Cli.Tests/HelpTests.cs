using static CellDetect.Cli.Tests.CliHarness;

namespace CellDetect.Cli.Tests;

public sealed class HelpTests
{
    [Fact]
    public void SummariesLineUpPastTheLongestCommandName()
    {
        var (code, output, _) = Run("--help");
        Assert.Equal(0, code);
        var rows = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => l.StartsWith("  ", StringComparison.Ordinal)).ToList();
        Assert.Contains(rows, r => r.StartsWith("  baseline-log ", StringComparison.Ordinal));
        var width = rows.Max(r => r.TrimStart().IndexOf(' '));
        Assert.All(rows, r => Assert.Matches(@"^  \S+ +\S", r));
        Assert.All(rows, r => Assert.NotEqual(' ', r[2 + width + 1]));
        Assert.All(rows, r => Assert.Equal(' ', r[2 + width]));
    }
}
