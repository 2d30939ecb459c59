using System.Net.Sockets;
using CellDetect.Protocol.Client;
using Microsoft.Extensions.Logging;

namespace CellDetect.Service.Transport;

/// <summary>
/// Opens the endpoint for a pipe name or socket path (README section 1). A live service already there
/// is never taken over: if a connection to it succeeds, <see cref="EndpointInUseException"/>. A socket
/// file that nobody accepts on is left from a crashed service and is replaced.
/// </summary>
public static class ListenerFactory
{
    /// <summary>How long to try reaching a service already on the endpoint; a live one accepts at once.</summary>
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromMilliseconds(250);

    public static async Task<IConnectionListener> OpenAsync(string nameOrPath, ILogger logger, CancellationToken cancellation = default)
    {
        var path = Endpoint.PathFor(nameOrPath);
        if (await IsServedAsync(nameOrPath, cancellation).ConfigureAwait(false))
        {
            throw new EndpointInUseException(path);
        }
        if (!OperatingSystem.IsWindows() && File.Exists(path))
        {
            logger.LogWarning("Replacing the socket file {Path} that a stopped service left behind.", path);
            File.Delete(path);
        }
        if (!OperatingSystem.IsWindows() && Path.IsPathRooted(nameOrPath))
        {
            try
            {
                return UnixSocketListener.Bind(path);
            }
            catch (Exception e) when (e is SocketException or ArgumentOutOfRangeException)
            {
                // ArgumentOutOfRangeException: a path over the ~104 (macOS) or 108 (Linux) bytes a socket address holds.
                throw new IOException($"Cannot listen on {path}: {e.Message}", e);
            }
        }
        var name = nameOrPath.StartsWith(Endpoint.WindowsPipePrefix, StringComparison.OrdinalIgnoreCase) ? nameOrPath[Endpoint.WindowsPipePrefix.Length..] : nameOrPath;
        return new NamedPipeListener(name, path);
    }

    private static async Task<bool> IsServedAsync(string nameOrPath, CancellationToken cancellation)
    {
        try
        {
            await using var probe = await Endpoint.ConnectAsync(nameOrPath, ProbeTimeout, cancellation).ConfigureAwait(false);
            return true;
        }
        catch (IOException)
        {
            return false;
        }
    }
}

/// <summary>Another service already accepts connections on the endpoint.</summary>
public sealed class EndpointInUseException(string path)
    : IOException($"Another CellDetect service is already listening on {path}; connect to it, or start this one with another --pipe name.")
{
    public string EndpointPath { get; } = path;
}
