using System.Net.Sockets;

namespace CellDetect.Service.Transport;

/// <summary>
/// Listens on a Unix socket at an absolute path (Linux, macOS). The socket file is made readable and
/// writable by its owner only before the socket listens, and every client's user is checked against
/// the service's (<see cref="PeerCredentials"/>), so only the user who started the service connects.
/// </summary>
public sealed class UnixSocketListener : IConnectionListener
{
    private readonly Socket socket;

    private UnixSocketListener(Socket socket, string path)
    {
        this.socket = socket;
        Path = path;
    }

    public string Path { get; }

    public static UnixSocketListener Bind(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException("Socket paths are for Linux and macOS; on Windows give a pipe name.");
        }
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            socket.Bind(new UnixDomainSocketEndPoint(path));
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            socket.Listen();
            return new UnixSocketListener(socket, path);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    public async Task<Stream> AcceptAsync(CancellationToken cancellation)
    {
        var client = await socket.AcceptAsync(cancellation).ConfigureAwait(false);
        if (PeerCredentials.UserOf(client) is { } peer && peer != PeerCredentials.CurrentUser)
        {
            client.Dispose();
            throw new UnauthorizedAccessException($"Refused a connection from user id {peer}: only user id {PeerCredentials.CurrentUser}, who started the service, may connect.");
        }
        return new NetworkStream(client, ownsSocket: true);
    }

    public ValueTask DisposeAsync()
    {
        socket.Dispose();
        File.Delete(Path);
        return ValueTask.CompletedTask;
    }
}
