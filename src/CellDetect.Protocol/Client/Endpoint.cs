using System.IO.Pipes;
using System.Net.Sockets;

namespace CellDetect.Protocol.Client;

/// <summary>
/// Where the service listens for a pipe name (README section 1): <c>\\.\pipe\NAME</c> on Windows; on
/// Linux and macOS the Unix socket .NET's named pipes use, <c>$TMPDIR/CoreFxPipe_NAME</c> (<c>/tmp</c>
/// when TMPDIR is unset), or the name itself when it is an absolute path.
/// </summary>
public static class Endpoint
{
    public const string WindowsPipePrefix = @"\\.\pipe\";

    public const string UnixSocketPrefix = "CoreFxPipe_";

    /// <summary>The endpoint's full path, as <c>celldetect serve</c> prints it after <c>ready</c>.</summary>
    public static string PathFor(string nameOrPath)
    {
        if (OperatingSystem.IsWindows())
        {
            return WindowsPipePrefix + PipeName(nameOrPath);
        }
        return Path.IsPathRooted(nameOrPath) ? nameOrPath : Path.Combine(Path.GetTempPath(), UnixSocketPrefix + PipeName(nameOrPath));
    }

    /// <summary>Connects to the service's endpoint, waiting up to <paramref name="timeout"/> for it to accept.</summary>
    public static async Task<Stream> ConnectAsync(string nameOrPath, TimeSpan timeout, CancellationToken cancellation = default)
    {
        try
        {
            if (!OperatingSystem.IsWindows() && Path.IsPathRooted(nameOrPath))
            {
                return await ConnectUnixSocketAsync(nameOrPath, timeout, cancellation).ConfigureAwait(false);
            }
            var pipe = new NamedPipeClientStream(".", PipeName(nameOrPath), PipeDirection.InOut, PipeOptions.Asynchronous);
            try
            {
                await pipe.ConnectAsync(timeout, cancellation).ConfigureAwait(false);
                return pipe;
            }
            catch
            {
                await pipe.DisposeAsync().ConfigureAwait(false);
                throw;
            }
        }
        catch (Exception e) when (e is TimeoutException or SocketException or IOException)
        {
            throw new IOException($"No CellDetect service answers at {PathFor(nameOrPath)} ({e.Message}). Start it with: celldetect serve --pipe {nameOrPath}", e);
        }
    }

    private static async Task<Stream> ConnectUnixSocketAsync(string path, TimeSpan timeout, CancellationToken cancellation)
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        deadline.CancelAfter(timeout);
        try
        {
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(path), deadline.Token).ConfigureAwait(false);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch (OperationCanceledException) when (!cancellation.IsCancellationRequested)
        {
            socket.Dispose();
            throw new TimeoutException($"no answer within {timeout.TotalSeconds:0.#} s");
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>The bare pipe name: a full Windows pipe path loses its prefix; path separators are refused.</summary>
    private static string PipeName(string nameOrPath)
    {
        var name = OperatingSystem.IsWindows() && nameOrPath.StartsWith(WindowsPipePrefix, StringComparison.OrdinalIgnoreCase)
            ? nameOrPath[WindowsPipePrefix.Length..]
            : nameOrPath;
        if (name.Length == 0 || name.Contains('/') || name.Contains('\\'))
        {
            throw new ArgumentException($"'{nameOrPath}' is not a pipe name: give a name without / or \\, or an absolute socket path (Linux, macOS).", nameof(nameOrPath));
        }
        return name;
    }
}
