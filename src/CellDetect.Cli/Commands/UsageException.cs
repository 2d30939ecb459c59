namespace CellDetect.Cli.Commands;

/// <summary>The command line itself is wrong: exit code 2 and the message, no stack trace.</summary>
public sealed class UsageException(string message) : Exception(message);
