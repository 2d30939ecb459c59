namespace CellDetect.Cli.Commands;

/// <summary>One verb of the command line (<c>celldetect VERB ...</c>). Commands stay thin: parse, call a library, print.</summary>
public interface ICliCommand
{
    string Name { get; }

    /// <summary>One line for the help listing.</summary>
    string Summary { get; }

    /// <summary>Runs the verb: results to <paramref name="output"/>, warnings, per-item failures and progress to <paramref name="error"/>; returns the exit code.</summary>
    int Run(CommandArguments arguments, TextWriter output, TextWriter error);
}
