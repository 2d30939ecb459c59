using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace CellDetect.Service.Transport;

/// <summary>The user at the other end of a Unix socket (SO_PEERCRED on Linux, LOCAL_PEERCRED on macOS), and the service's own.</summary>
public static class PeerCredentials
{
    // Linux: getsockopt(SOL_SOCKET, SO_PEERCRED) fills struct ucred { pid_t pid; uid_t uid; gid_t gid; }.
    private const int LinuxSolSocket = 1;
    private const int LinuxSoPeerCred = 17;

    // macOS: getsockopt(SOL_LOCAL, LOCAL_PEERCRED) fills struct xucred { u_int cr_version; uid_t cr_uid; short cr_ngroups; gid_t cr_groups[16]; }.
    private const int MacSolLocal = 0;
    private const int MacLocalPeerCred = 1;
    private const int MacXucredBytes = 76;

    /// <summary>The effective user id of this process.</summary>
    public static uint CurrentUser { get; } = OperatingSystem.IsWindows() ? 0 : geteuid();

    /// <summary>The user id of the peer, or null where the system offers no way to ask (the file's mode still keeps others out).</summary>
    public static uint? UserOf(Socket socket)
    {
        Span<byte> credentials = stackalloc byte[MacXucredBytes];
        if (OperatingSystem.IsLinux())
        {
            var length = socket.GetRawSocketOption(LinuxSolSocket, LinuxSoPeerCred, credentials);
            return length >= 8 ? BitConverter.ToUInt32(credentials[4..]) : null;
        }
        if (OperatingSystem.IsMacOS())
        {
            var length = socket.GetRawSocketOption(MacSolLocal, MacLocalPeerCred, credentials);
            return length >= 8 ? BitConverter.ToUInt32(credentials[4..]) : null;
        }
        return null;
    }

    [DllImport("libc")]
    private static extern uint geteuid();
}
