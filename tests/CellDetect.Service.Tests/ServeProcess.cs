using System.Diagnostics;
using System.Text;

namespace CellDetect.Service.Tests;

/// <summary>
/// A real <c>celldetect serve</c> child process, started from the celldetect.dll built into this test
/// project's output (as a host's launcher would start it) and ready once it printed <c>ready PATH</c>.
/// Disposing kills it if it still runs.
/// </summary>
internal sealed class ServeProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);

    private readonly Process process;
    private readonly StringBuilder standardError = new();
    private readonly StringBuilder standardOutput = new();

    private ServeProcess(Process process, string endpoint)
    {
        this.process = process;
        Endpoint = endpoint;
    }

    public static string CliDll { get; } = Path.Combine(AppContext.BaseDirectory, "celldetect.dll");

    /// <summary>The socket path the service printed after <c>ready</c>.</summary>
    public string Endpoint { get; }

    public bool HasExited => process.HasExited;

    public int ExitCode => process.ExitCode;

    public string StandardError
    {
        get
        {
            lock (standardError)
            {
                return standardError.ToString();
            }
        }
    }

    /// <summary>Waits until the service's log (standard error) says <paramref name="text"/>; the log arrives a little after the event.</summary>
    public async Task AssertLogsAsync(string text)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (!StandardError.Contains(text, StringComparison.Ordinal))
        {
            Assert.True(DateTime.UtcNow < deadline, $"the service's log never said '{text}':\n{StandardError}");
            await Task.Delay(50);
        }
    }

    /// <summary>Everything printed on standard output, the ready line included.</summary>
    public string StandardOutput
    {
        get
        {
            lock (standardOutput)
            {
                return standardOutput.ToString();
            }
        }
    }

    /// <summary>A fresh socket path, short enough for a socket address.</summary>
    public static string NewSocketPath() => Path.Combine("/tmp", $"cd-test-{Guid.NewGuid():N}"[..20] + ".sock");

    /// <summary>Starts <c>celldetect serve --pipe PIPE ARGS</c> and waits for its ready line, which names the endpoint of that pipe name or socket path.</summary>
    public static async Task<ServeProcess> StartAsync(string pipe, params string[] arguments)
    {
        var serve = Launch(["serve", "--pipe", pipe, .. arguments]);
        var ready = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var server = new ServeProcess(serve, Protocol.Client.Endpoint.PathFor(pipe));
        serve.OutputDataReceived += (_, line) =>
        {
            if (line.Data is null)
            {
                ready.TrySetException(new InvalidOperationException("serve closed its standard output before it was ready."));
                return;
            }
            lock (server.standardOutput)
            {
                server.standardOutput.AppendLine(line.Data);
            }
            ready.TrySetResult(line.Data);
        };
        serve.ErrorDataReceived += (_, line) =>
        {
            lock (server.standardError)
            {
                server.standardError.AppendLine(line.Data);
            }
        };
        serve.BeginOutputReadLine();
        serve.BeginErrorReadLine();
        try
        {
            var first = await ready.Task.WaitAsync(StartTimeout);
            Assert.Equal($"ready {server.Endpoint}", first);
            return server;
        }
        catch (Exception e) when (e is not Xunit.Sdk.XunitException)
        {
            await server.DisposeAsync();
            throw new InvalidOperationException($"serve did not get ready: {e.Message}\n{server.StandardError}", e);
        }
    }

    /// <summary>Runs <c>celldetect ARGS</c> to its end.</summary>
    public static async Task<(int Code, string Output, string Error)> RunToExitAsync(TimeSpan timeout, params string[] arguments)
    {
        using var run = Launch(arguments);
        var output = run.StandardOutput.ReadToEndAsync();
        var error = run.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await run.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            run.Kill(entireProcessTree: true);
            throw;
        }
        return (run.ExitCode, await output, await error);
    }

    /// <summary>Sends a signal (TERM, INT) as a service manager or Ctrl+C would.</summary>
    public void SendSignal(string signal)
    {
        using var kill = Process.Start("kill", [$"-{signal}", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!;
        kill.WaitForExit();
        Assert.Equal(0, kill.ExitCode);
    }

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        await process.WaitForExitAsync(deadline.Token);
        return process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
        process.Dispose();
        // A killed service cannot remove its socket file.
        File.Delete(Endpoint);
    }

    private static Process Launch(string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(CliDll);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        return Process.Start(start)!;
    }
}
