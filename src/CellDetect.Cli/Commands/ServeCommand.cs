using System.CommandLine;
using CellDetect.Cli.Hosting;
using CellDetect.Model;
using CellDetect.Protocol;
using CellDetect.Protocol.Framing;
using CellDetect.Service;
using CellDetect.Service.Transport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CellDetect.Cli.Commands;

/// <summary>What <c>celldetect serve</c> was asked to do.</summary>
public sealed record ServeOptions(string Pipe, string? Models, string Device, string Precision, long MaxPayload);

/// <summary>
/// <c>celldetect serve [--pipe NAME|PATH] [--models DIR] ...</c>: the local service of
/// manifests/protocol for the hosts (ImageJ/Fiji, QuPath, Micro-Manager, Python). Prints one line,
/// <c>ready ENDPOINT</c>, on standard output once it accepts connections, logs to standard error, and
/// runs until SIGINT, SIGTERM or a client's <c>shutdown</c>. A pipe name already served by a live
/// service is a usage error (exit code 2); one left by a crashed service is taken over.
/// </summary>
public sealed class ServeCommand : ICliCommand
{
    public Command Definition()
    {
        var pipe = Define.Text("--pipe", "the pipe name (on Linux and macOS the socket $TMPDIR/CoreFxPipe_NAME) or an absolute socket path to listen on", "name|path", defaultValue: ProtocolVersion.DefaultPipeName);
        var models = Define.Text("--models", "a folder whose .cdmodel files are offered besides the built-in models, each named by its file name", "dir", defaultText: "the built-in models only");
        var device = Define.Choice("--device", "where the network runs: auto takes CUDA when TorchSharp reports it", ["auto", "cpu", "cuda"], "auto");
        var precision = Define.Choice("--precision", "number format of the network: auto takes bfloat16 on CPUs with AVX512-BF16, else float32; float16 is for GPUs", ["auto", "float32", "bfloat16", "float16"], "auto");
        var maxPayload = Define.Bytes("--max-payload", "the largest pixel payload a request may send; larger ones are refused with payload_too_large", 1, FrameLimits.DefaultMaxPayloadBytes);
        var command = new Command("serve", "run the local detection service for ImageJ, QuPath, Micro-Manager and Python")
        {
            pipe, models, device, precision, maxPayload,
        };
        Define.Body(command, (r, output, error) => Run(
            new ServeOptions(r.GetValue(pipe)!, r.GetValue(models), r.GetValue(device)!, r.GetValue(precision)!, r.GetValue(maxPayload)),
            output,
            error));
        return command;
    }

    public int Run(ServeOptions options, TextWriter output, TextWriter error)
    {
        if (options.Models is { } folder && !Directory.Exists(folder))
        {
            throw new UsageException($"--models: no folder at '{folder}'.");
        }
        try
        {
            Protocol.Client.Endpoint.PathFor(options.Pipe);
        }
        catch (ArgumentException e)
        {
            throw new UsageException($"--pipe: {e.Message}");
        }
        TorchRuntime.ConfigureThreads();
        var device = ComputeDevice.Resolve(options.Device, options.Precision);
        var serviceOptions = new ServiceOptions { Endpoint = options.Pipe, ModelDirectory = options.Models, MaxPayloadBytes = options.MaxPayload };
        using var host = LocalServiceHost.Create(serviceOptions, device, LogLevel.Information);
        try
        {
            host.StartAsync().GetAwaiter().GetResult();
        }
        catch (EndpointInUseException e)
        {
            error.WriteLine($"celldetect serve: {e.Message}");
            return ExitCodes.UsageError;
        }
        var service = host.Services.GetRequiredService<ServiceHost>();
        output.WriteLine($"ready {service.EndpointPath}");
        output.Flush();
        host.WaitForShutdownAsync().GetAwaiter().GetResult();
        return service.Failed ? ExitCodes.InputsFailed : ExitCodes.Done;
    }
}
