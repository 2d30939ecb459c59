using System.CommandLine;
using static CellDetect.Cli.Tests.CliHarness;

namespace CellDetect.Cli.Tests;

/// <summary><c>--help</c> and <c>-h</c>: every command, every option with its type, default and meaning, and the exit codes.</summary>
public sealed class HelpTests
{
    private static readonly RootCommand Root = CommandLineApp.Build().CreateRootCommand();

    public static TheoryData<string> CommandNames() => new(Root.Subcommands.Select(c => c.Name));

    [Fact]
    public void TheRootHelpListsEveryCommandWithItsSummaryAndTheExitCodes()
    {
        var (code, output, error) = Run("--help");
        Assert.Equal(0, code);
        Assert.Equal("", error);
        Assert.Equal(new[] { "baseline-log", "bench", "calibrate", "crossval", "detect", "evaluate", "info", "serve", "split", "train" }, Root.Subcommands.Select(c => c.Name));
        foreach (var command in Root.Subcommands)
        {
            Assert.Matches($@"(?m)^  {command.Name}( <[^>]+>)? +{System.Text.RegularExpressions.Regex.Escape(command.Description!)}$", output);
        }
        AssertExitCodes(output);
        Assert.Equal(output, Run("-h").Output);
    }

    [Theory]
    [MemberData(nameof(CommandNames))]
    public void CommandHelpPrintsEveryOptionWithItsTypeDefaultAndMeaning(string name)
    {
        var (code, output, error) = Run(name, "--help");
        Assert.True(code == 0, error);
        Assert.Equal("", error);
        var command = Root.Subcommands.Single(c => c.Name == name);
        foreach (var option in command.Options.Where(o => !o.Hidden && o.Name != "--help"))
        {
            var line = Assert.Single(output.Split('\n'), l => l.StartsWith($"  {option.Name} ", StringComparison.Ordinal));
            if (option.ValueType != typeof(bool))
            {
                Assert.Contains($"{option.Name} <{option.HelpName}>", line);
            }
            Assert.Contains(option.Description!, line);
            Assert.True(option.ValueType == typeof(bool) || option.Required || line.Contains("[default: ", StringComparison.Ordinal), $"no default in: {line}");
        }
        foreach (var argument in command.Arguments)
        {
            Assert.Contains($"<{argument.Name}>  {argument.Description}", output);
        }
        AssertExitCodes(output);
        Assert.Equal(output, Run(name, "-h").Output);
        Assert.Equal(output, Run("help", name).Output);
    }

    /// <summary>What a command gets for an option left out is the default its help prints (lists are no empty arrays).</summary>
    [Theory]
    [InlineData("detect", "a.tif")]
    [InlineData("train", "--images", "d", "--out", "m")]
    [InlineData("evaluate", "--truth", "t", "--detections", "d")]
    [InlineData("calibrate", "--model", "m", "--images", "d")]
    [InlineData("bench")]
    [InlineData("split", "--images", "d", "--out", "o")]
    [InlineData("baseline-log", "--train", "t", "--images", "i", "--out", "o")]
    [InlineData("serve")]
    public void AnOptionLeftOutHasTheDefaultTheHelpPrints(params string[] args)
    {
        var result = Root.Parse(args);
        Assert.Empty(result.Errors);
        var command = Root.Subcommands.Single(c => c.Name == args[0]);
        var help = Run(args[0], "--help").Output;
        foreach (var option in command.Options.Where(o => o.HasDefaultValue && o.ValueType != typeof(bool) && !o.Hidden))
        {
            var value = Assert.IsType<System.CommandLine.Parsing.OptionResult>(result.GetResult(option)).GetValueOrDefault<object?>();
            Assert.NotNull(value);
            Assert.Equal(option.GetDefaultValue()?.ToString(), value.ToString());
            Assert.Contains($"[default: {value}]", help);
        }
    }

    [Fact]
    public void BenchRunsTheDefaultLargeImageWhenNoSizesAreGiven()
    {
        Assert.Equal(new[] { 8000 }, Root.Parse(["bench"]).GetValue<Commands.Define.NumberList<int>?>("--large-sizes")!.Items);
    }

    [Fact]
    public void HiddenOptionsOfTheBenchChildProcessStayOutOfTheHelp()
    {
        var output = Run("bench", "--help").Output;
        Assert.DoesNotContain("--large-child", output);
        Assert.DoesNotContain("--precision", output);
    }

    [Fact]
    public void NoArgumentsPrintsTheHelpAndExitsWithTwo()
    {
        var (code, output, _) = Run();
        Assert.Equal(2, code);
        Assert.Contains("Commands:", output);
    }

    [Fact]
    public void TheSuggestDirectiveCompletesOptionsAndChoices()
    {
        var (code, output, _) = Run("[suggest:9]", "detect --");
        Assert.Equal(0, code);
        Assert.Contains("--stride", output.Split('\n').Select(l => l.Trim()));
        Assert.Contains("--peak-radius", output.Split('\n').Select(l => l.Trim()));
        (code, output, _) = Run("[suggest:16]", "detect --device ");
        Assert.Equal(0, code);
        Assert.Equal(new[] { "auto", "cpu", "cuda" }, output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
    }

    private static void AssertExitCodes(string help)
    {
        Assert.Contains("Exit codes:", help);
        foreach (var (code, meaning) in ExitCodes.Meanings)
        {
            Assert.Matches($@"(?m)^  {code} +{System.Text.RegularExpressions.Regex.Escape(meaning)}$", help);
        }
    }
}
