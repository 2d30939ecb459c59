using System.CommandLine;

namespace CellDetect.Cli.Commands;

/// <summary>
/// One verb of the command line (<c>celldetect VERB ...</c>). Its <see cref="Definition"/> is the System.CommandLine
/// command: name, one-line summary, options with their types, defaults and checks, and an action that binds the
/// parsed values into the verb's options record and calls its body, <c>Run(options, output, error)</c>. Bodies stay
/// thin: call a library, print results to output and warnings, per-item failures and progress to error, return the
/// exit code (<see cref="ExitCodes"/>).
/// </summary>
public interface ICliCommand
{
    Command Definition();
}
