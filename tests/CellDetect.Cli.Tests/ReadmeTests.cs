using System.Text.RegularExpressions;
using static CellDetect.Cli.Tests.CliHarness;

namespace CellDetect.Cli.Tests;

/// <summary>
/// The README documents the command line as <c>--help</c> prints it: the same commands in the command table, the same
/// options per command in "Options of each command", and the same exit codes.
/// </summary>
public sealed partial class ReadmeTests
{
    private static readonly string Readme = File.ReadAllText(Path.Combine(RepositoryRoot, "README.md"));

    public static TheoryData<string> CommandNames() => new(HelpCommands());

    [Fact]
    public void TheCommandTableHasARowForEveryCommandAndNoOther()
    {
        var rows = CommandTableRows();
        Assert.Equal(HelpCommands().Order(StringComparer.Ordinal), rows.Keys.Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(CommandNames))]
    public void TheOptionsListOfACommandIsItsHelp(string command)
    {
        var help = HelpOptions(command);
        var listed = ReadmeOptions(command);
        Assert.True(help.SetEquals(listed),
            $"{command}: in --help but not in the README: {string.Join(", ", help.Except(listed))}; in the README but not in --help: {string.Join(", ", listed.Except(help))}");
    }

    [Theory]
    [MemberData(nameof(CommandNames))]
    public void TheCommandTableRowNamesOnlyOptionsTheCommandHas(string command)
    {
        var row = CommandTableRows()[command];
        var named = OptionName().Matches(row.Split(" | ")[0]).Select(m => m.Value).ToHashSet();
        Assert.Subset(HelpOptions(command), named);
    }

    [Fact]
    public void TheExitCodesAreTheOnesTheHelpPrints()
    {
        var table = Regex.Matches(Readme, @"(?m)^\| (\d+) \| (.+?) \|$").Select(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(ExitCodes.Meanings.Select(m => m.Code), table);
        foreach (var (_, meaning) in ExitCodes.Meanings)
        {
            Assert.Contains(meaning.Split(';')[0], Readme);
        }
    }

    private static List<string> HelpCommands()
    {
        var help = Run("--help").Output;
        var commands = help[(help.IndexOf("Commands:", StringComparison.Ordinal) + "Commands:".Length)..];
        return Regex.Matches(commands, @"(?m)^  ([a-z][a-z-]*)").Select(m => m.Groups[1].Value).ToList();
    }

    /// <summary>The long option names in the first column of the "Options:" section of <c>COMMAND --help</c>, without --help.</summary>
    private static HashSet<string> HelpOptions(string command)
    {
        var (code, help, error) = Run(command, "--help");
        Assert.True(code == 0, error);
        var section = help[help.IndexOf("Options:", StringComparison.Ordinal)..help.IndexOf("Exit codes:", StringComparison.Ordinal)];
        return Regex.Matches(section, @"(?m)^  (?:-\S+, )*(--[a-z0-9-]+)").Select(m => m.Groups[1].Value).Where(o => o != "--help").ToHashSet();
    }

    /// <summary>Command name to its row in the table under "## What it does".</summary>
    private static Dictionary<string, string> CommandTableRows()
    {
        var section = Section("## What it does", "\n#");
        return Regex.Matches(section, @"(?m)^\| `\./celldetect ([a-z-]+)[^\n]*$").ToDictionary(m => m.Groups[1].Value, m => m.Value);
    }

    /// <summary>The options in the first column of the table under "#### COMMAND".</summary>
    private static HashSet<string> ReadmeOptions(string command)
    {
        var section = Section($"\n#### {command}\n", "\n#");
        return Regex.Matches(section, @"(?m)^\| `([^`]+)`").SelectMany(m => OptionName().Matches(m.Groups[1].Value)).Select(m => m.Value).ToHashSet();
    }

    private static string Section(string heading, string next)
    {
        var start = Readme.IndexOf(heading, StringComparison.Ordinal);
        Assert.True(start >= 0, $"README.md has no '{heading.Trim()}'");
        start += heading.Length;
        var end = Readme.IndexOf(next, start, StringComparison.Ordinal);
        return end < 0 ? Readme[start..] : Readme[start..end];
    }

    [GeneratedRegex("--[a-z0-9][a-z0-9-]*")]
    private static partial Regex OptionName();
}
