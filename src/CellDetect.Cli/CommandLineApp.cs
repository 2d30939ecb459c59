using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;
using System.CommandLine.Parsing;
using CellDetect.Cli.Commands;
using CellDetect.Model.Training;
using Microsoft.Extensions.DependencyInjection;

namespace CellDetect.Cli;

/// <summary>
/// The composition root: the one place where the object graph is wired, and where the verbs' System.CommandLine
/// definitions become one root command. Parse errors are one line on stderr and exit code 2, before any work;
/// <see cref="UsageException"/> from a body is exit code 2 too; file and format errors are exit code 1.
/// Disposing it disposes the object graph, and with it the models loaded into the catalog.
/// </summary>
public sealed class CommandLineApp(IReadOnlyList<ICliCommand> commands, IDisposable? services = null) : IDisposable
{
    private const string Program = "celldetect";

    public static CommandLineApp Build()
    {
        var services = new ServiceCollection();
        Register(services);
        var provider = services.BuildServiceProvider();
        return new CommandLineApp(provider.GetServices<ICliCommand>().ToList(), provider);
    }

    public void Dispose() => services?.Dispose();

    private static void Register(IServiceCollection services)
    {
        services.AddCellDetect();
        services.AddSingleton<ICliCommand, EvaluateCommand>();
        services.AddSingleton<ICliCommand, InfoCommand>();
        services.AddSingleton<Training.ModelTraining>();
        services.AddSingleton<ICliCommand, TrainCommand>();
        services.AddSingleton<Training.CrossValidation>();
        services.AddSingleton<ICliCommand, CrossvalCommand>();
        services.AddSingleton<ICliCommand, DetectCommand>();
        services.AddSingleton<ICliCommand, BenchCommand>();
        services.AddSingleton<ICliCommand, CalibrateCommand>();
        services.AddSingleton<ICliCommand, SplitCommand>();
        services.AddSingleton<ICliCommand, LogBaselineCommand>();
        services.AddSingleton<ICliCommand, ServeCommand>();
    }

    /// <summary>
    /// The whole command line: every verb, <c>-h/--help</c> on each (with the exit codes appended), <c>--version</c>,
    /// and the <c>[suggest]</c> directive that shell completion (dotnet-suggest) calls.
    /// </summary>
    public RootCommand CreateRootCommand()
    {
        var root = new RootCommand("CellDetect: cell detection with the structured-regression CNN of Xie et al. (MICCAI 2015), trained from one click per cell.");
        foreach (var command in commands.Select(c => c.Definition()).OrderBy(c => c.Name, StringComparer.Ordinal))
        {
            root.Add(command);
        }
        var help = root.Options.OfType<HelpOption>().Single();
        help.Action = new HelpWithExitCodes((HelpAction)help.Action!);
        return root;
    }

    public int Run(string[] args, TextWriter output, TextWriter error)
    {
        var root = CreateRootCommand();
        var noArguments = args.Length == 0;
        if (noArguments || args[0] == "help")
        {
            // "celldetect" alone prints the help and fails; "celldetect help [COMMAND]" is "celldetect [COMMAND] --help".
            args = [.. args.Skip(1), "--help"];
        }
        // Response files (@FILE) are off: an argument starting with @ is a path like any other.
        var result = root.Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null });
        var name = result.CommandResult.Command == root ? Program : $"{Program} {result.CommandResult.Command.Name}";
        if (result.Action is ParseErrorAction)
        {
            error.WriteLine($"{name}: {UsageProblem(result, root)}");
            return ExitCodes.UsageError;
        }
        try
        {
            var code = result.Invoke(new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false, ProcessTerminationTimeout = null });
            return noArguments ? ExitCodes.UsageError : code;
        }
        catch (Exception e) when (e is UsageException or ArgumentException)
        {
            // Values the parser could not check alone (a combination of options, a model's head against --head).
            error.WriteLine($"{name}: {e.Message}");
            return ExitCodes.UsageError;
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException or FormatException or NotSupportedException or TrainingDivergedException)
        {
            error.WriteLine($"{name}: {e.Message}");
            return ExitCodes.InputsFailed;
        }
    }

    /// <summary>
    /// The one line that says what is wrong: a missing argument, else the first error about an option or argument
    /// ("--stride: expected ..."), else an unknown command or option, else System.CommandLine's first message.
    /// </summary>
    private static string UsageProblem(ParseResult result, RootCommand root)
    {
        var command = result.CommandResult.Command;
        if (command.Arguments.FirstOrDefault(a => result.GetResult(a) is not { Tokens.Count: > 0 }) is { } missing)
        {
            return $"missing {missing.Name} (see {HelpFor(command)})";
        }
        var specific = result.Errors.FirstOrDefault(e => e.SymbolResult is not CommandResult);
        if (specific is not null)
        {
            return specific.Message;
        }
        if (result.UnmatchedTokens.Count > 0)
        {
            var first = result.UnmatchedTokens[0];
            if (command == root && !first.StartsWith('-'))
            {
                return $"unknown command '{first}'; the commands are {string.Join(", ", root.Subcommands.Select(c => c.Name))}";
            }
            return first.StartsWith('-')
                ? UnknownOption(first, command)
                : $"unexpected argument(s) '{string.Join(' ', result.UnmatchedTokens)}' (see {HelpFor(command)})";
        }
        return result.Errors[0].Message;
    }

    /// <summary>The message for an option that <paramref name="command"/> does not have.</summary>
    public static string UnknownOption(string token, Command? command) => $"unknown option '{token}' (see {HelpFor(command)})";

    private static string HelpFor(Command? command) => command is null or RootCommand ? $"{Program} --help" : $"{Program} {command.Name} --help";

    /// <summary>System.CommandLine's help, followed by the exit codes.</summary>
    private sealed class HelpWithExitCodes(HelpAction help) : SynchronousCommandLineAction
    {
        public override bool ClearsParseErrors => true;

        public override int Invoke(ParseResult parseResult)
        {
            help.Invoke(parseResult);
            var output = parseResult.InvocationConfiguration.Output;
            output.WriteLine("Exit codes:");
            foreach (var (code, meaning) in ExitCodes.Meanings)
            {
                output.WriteLine($"  {code,-3}  {meaning}");
            }
            output.WriteLine();
            return ExitCodes.Done;
        }
    }
}
