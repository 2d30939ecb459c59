using System.IO.Pipes;

namespace CellDetect.Service.Transport;

/// <summary>
/// Listens on a pipe name with <see cref="NamedPipeServerStream"/>, one server instance per client,
/// for the current user only: on Windows the pipe <c>\\.\pipe\NAME</c>, on Linux and macOS the Unix
/// socket .NET puts in the temporary folder (<c>CoreFxPipe_NAME</c>), whose peer .NET checks.
/// </summary>
public sealed class NamedPipeListener : IConnectionListener
{
    private readonly string name;

    /// <summary>The instance the next client connects to; created before a connected one is handed out, so the endpoint never disappears between clients.</summary>
    private NamedPipeServerStream waiting;

    public NamedPipeListener(string name, string path)
    {
        this.name = name;
        Path = path;
        waiting = NewInstance();
    }

    public string Path { get; }

    public async Task<Stream> AcceptAsync(CancellationToken cancellation)
    {
        var instance = waiting;
        try
        {
            await instance.WaitForConnectionAsync(cancellation).ConfigureAwait(false);
        }
        catch (UnauthorizedAccessException)
        {
            // .NET refused a client of another user; this instance is spent.
            waiting = NewInstance();
            await instance.DisposeAsync().ConfigureAwait(false);
            throw;
        }
        waiting = NewInstance();
        return instance;
    }

    public ValueTask DisposeAsync() => waiting.DisposeAsync();

    private NamedPipeServerStream NewInstance() => new(name, PipeDirection.InOut, NamedPipeServerStream.MaxAllowedServerInstances,
        PipeTransmissionMode.Byte, PipeOptions.Asynchronous | PipeOptions.CurrentUserOnly);
}
