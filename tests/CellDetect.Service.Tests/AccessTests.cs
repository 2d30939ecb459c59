using System.Diagnostics;
using System.Runtime.Versioning;

namespace CellDetect.Service.Tests;

/// <summary>Only the user who started the service connects: the socket file is the owner's only, and the service checks each client's user.</summary>
[SupportedOSPlatform("linux")]
public sealed class AccessTests(ServeFixture service) : IClassFixture<ServeFixture>
{
    /// <summary>Connects as <c>nobody</c>, sends a hello frame and prints what happened: refused, closed (no reply), or answered.</summary>
    private const string ClientScript = """
        import socket, struct, sys
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            s.connect(sys.argv[1])
        except PermissionError:
            print("refused"); sys.exit(0)
        header = b'{"id": 1, "method": "hello", "params": {"protocol": 1, "client": "nobody"}}'
        try:
            s.sendall(struct.pack("<IQ", len(header), 0) + header)
            s.settimeout(30)
            print("answered" if s.recv(12) else "closed")
        except (ConnectionResetError, BrokenPipeError):
            print("closed")
        """;

    [Fact]
    public async Task AnotherUserCannotConnect()
    {
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(service.Socket));
        Assert.Equal("refused", await ConnectAsNobodyAsync());
        // Even through a socket file opened to everyone, the service hangs up on another user.
        File.SetUnixFileMode(service.Socket, File.GetUnixFileMode(service.Socket) | UnixFileMode.GroupWrite | UnixFileMode.OtherWrite | UnixFileMode.OtherRead | UnixFileMode.GroupRead);
        try
        {
            Assert.Equal("closed", await ConnectAsNobodyAsync());
            await service.Server.AssertLogsAsync("Refused a connection from user id 65534");
        }
        finally
        {
            File.SetUnixFileMode(service.Socket, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
        await using var owner = await service.ConnectAsync();
        (await owner.CallAsync("models.list")).AssertSucceeded();
    }

    private async Task<string> ConnectAsNobodyAsync()
    {
        Assert.True(Environment.UserName == "root", "this test switches to the user nobody, which needs root (as the tests run here)");
        var start = new ProcessStartInfo("setpriv") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { "--reuid=nobody", "--regid=nogroup", "--clear-groups", "/usr/bin/python3", "-c", ClientScript, service.Socket })
        {
            start.ArgumentList.Add(argument);
        }
        using var client = Process.Start(start)!;
        var output = client.StandardOutput.ReadToEndAsync();
        var error = client.StandardError.ReadToEndAsync();
        await client.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        Assert.True(client.ExitCode == 0, await error);
        return (await output).Trim();
    }
}
