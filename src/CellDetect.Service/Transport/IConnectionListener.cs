namespace CellDetect.Service.Transport;

/// <summary>Where clients connect: a named pipe, or a Unix socket at a path. Disposing it stops listening and removes its socket file.</summary>
public interface IConnectionListener : IAsyncDisposable
{
    /// <summary>The endpoint as clients name it in full: <c>\\.\pipe\NAME</c> or the socket's path.</summary>
    string Path { get; }

    /// <summary>
    /// The next client's connection. Throws <see cref="UnauthorizedAccessException"/> for a client of
    /// another user (already disconnected); the listener stays usable.
    /// </summary>
    Task<Stream> AcceptAsync(CancellationToken cancellation);
}
