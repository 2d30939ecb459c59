using CellDetect.Cli.Commands;
using Microsoft.Extensions.DependencyInjection;

namespace CellDetect.Cli;

/// <summary>The composition root: the one place where the object graph is wired.</summary>
public sealed class CommandLineApp(IReadOnlyList<ICliCommand> commands)
{
    public static CommandLineApp Build()
    {
        var services = new ServiceCollection();
        Register(services);
        var provider = services.BuildServiceProvider();
        return new CommandLineApp(provider.GetServices<ICliCommand>().ToList());
    }

    private static void Register(IServiceCollection services)
    {
        services.AddSingleton<ICliCommand, EvaluateCommand>();
        services.AddSingleton<CellDetect.Imaging.Images.ImageFileReader>();
        services.AddSingleton<ICliCommand, InfoCommand>();
        services.AddSingleton<Data.AnnotatedImageFolder>();
        services.AddSingleton<ICliCommand, TrainCommand>();
        services.AddSingleton<CellDetect.Model.Files.ModelCatalog>();
        services.AddSingleton<ICliCommand, DetectCommand>();
        services.AddSingleton<ICliCommand, BenchCommand>();
        services.AddSingleton<ICliCommand, CalibrateCommand>();
        services.AddSingleton<ICliCommand, SplitCommand>();
        services.AddSingleton<ICliCommand, LogBaselineCommand>();
    }

    public int Run(string[] args, TextWriter output, TextWriter error)
    {
        if (args.Length == 0 || args[0] is "-h" or "--help" or "help")
        {
            PrintHelp(output);
            return args.Length == 0 ? 2 : 0;
        }
        var command = commands.FirstOrDefault(c => c.Name == args[0]);
        if (command is null)
        {
            error.WriteLine($"celldetect: unknown command '{args[0]}'.");
            PrintHelp(error);
            return 2;
        }
        try
        {
            return command.Run(new CommandArguments(args.Skip(1), FlagNames), output, error);
        }
        catch (UsageException e)
        {
            error.WriteLine($"celldetect {command.Name}: {e.Message}");
            return 2;
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException or FormatException or NotSupportedException)
        {
            error.WriteLine($"celldetect {command.Name}: {e.Message}");
            return 1;
        }
    }

    /// <summary>Options that take no value, across all commands.</summary>
    private static readonly string[] FlagNames = { "json", "proximity-map", "quiet", "no-resume", "patchwise", "quick" };

    private void PrintHelp(TextWriter writer)
    {
        writer.WriteLine("usage: celldetect COMMAND [options]");
        writer.WriteLine();
        var width = commands.Select(c => c.Name.Length).DefaultIfEmpty(0).Max();
        foreach (var command in commands.OrderBy(c => c.Name, StringComparer.Ordinal))
        {
            writer.WriteLine($"  {command.Name.PadRight(width)} {command.Summary}");
        }
    }
}
