using CellDetect.Model;
using CellDetect.Service;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace CellDetect.Cli.Hosting;

/// <summary>
/// The generic host that runs the local service, for <c>celldetect serve</c> and the bench's service
/// row: the command line's registrations plus the service's, logging to standard error (standard
/// output carries only the <c>ready</c> line), and stopping on SIGINT, SIGTERM or a client's <c>shutdown</c>.
/// </summary>
public static class LocalServiceHost
{
    public static IHost Create(ServiceOptions options, ComputeDevice device, LogLevel minimumLevel)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, Args = [] });
        builder.Logging.SetMinimumLevel(minimumLevel).AddSimpleConsole(console =>
        {
            console.SingleLine = true;
            console.TimestampFormat = "HH:mm:ss.fff ";
        });
        builder.Services.Configure<ConsoleLoggerOptions>(console => console.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.Services.Configure<ConsoleLifetimeOptions>(lifetime => lifetime.SuppressStatusMessages = true);
        builder.Services.AddCellDetect();
        builder.Services.AddCellDetectService(options, device);
        return builder.Build();
    }
}
