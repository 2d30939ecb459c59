using System.Buffers.Binary;
using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using CellDetect.Cli.Benchmarks;
using CellDetect.Cli.Hosting;
using CellDetect.Core.Imaging;
using CellDetect.Imaging.Images;
using CellDetect.Imaging.Images.Tiff;
using CellDetect.Model;
using CellDetect.Model.Files;
using CellDetect.Model.Inference;
using CellDetect.Pipeline;
using CellDetect.Model.Network;
using CellDetect.Protocol.Client;
using CellDetect.Protocol.Messages;
using CellDetect.Service;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using TorchSharp;

namespace CellDetect.Cli.Commands;

/// <summary>
/// What <c>celldetect bench</c> was asked to do. LargeChild (hidden <c>--large-child FILE</c>) is the child process a
/// large-image run starts: it detects FILE with Model in Precision and prints one JSON line.
/// </summary>
public sealed record BenchOptions(string Model, int Repeats, IReadOnlyList<int> LargeSizes, string Python, string? Image, bool Quick, string? LargeChild, string Precision);

/// <summary>
/// <c>celldetect bench</c>: one report of inference speed. A 400x400 RGB image scanned patch-wise
/// (SR-1, SR-5) and convolutionally at strides 1, 2, 4, 5, 8, in float32 and in the precision "auto"
/// picks; detection end to end at the defaults; the GFLOP/s of one pass against the FP32 peak
/// measured in the same run; the same pass in Debian's PyTorch, thread for thread; and megapixels per
/// second and peak RSS on generated tiled TIFFs of the given sides, each in a child process; and the
/// local service's round trip for a live-acquisition frame against the same pipeline in process.
/// </summary>
public sealed class BenchCommand(ImageFileReader reader, ModelCatalog catalog) : ICliCommand
{
    private const int Side = 400;

    /// <summary>A live-acquisition frame: the side of the 16-bit frames the service row sends.</summary>
    private const int ServiceFrameSide = 2048;

    /// <summary>The service may add at most this many seconds, or <see cref="ServiceOverheadShare"/> of the detection, whichever is larger.</summary>
    private const double ServiceOverheadSeconds = 0.025;

    private const double ServiceOverheadShare = 0.05;

    public Command Definition()
    {
        var model = Define.Text("--model", "the model to time: a .cdmodel file or a built-in name", "model", defaultValue: ModelCatalog.BrightfieldModel);
        var repeats = Define.WholeNumber("--repeats", "timed runs per figure (after one warm-up run); the median is reported", 1, int.MaxValue, 5);
        var largeSizes = Define.WholeNumbers("--large-sizes", "sides in pixels of the generated square tiled TIFFs to detect in a child process; 0 skips them", 0, 100_000, [8000]);
        var python = Define.Text("--python", "the Python with torch for the PyTorch reference (benchmarks/pytorch_reference.py)", "file", defaultValue: "/usr/bin/python3");
        var image = Define.Text("--image", "the image whose centre 400x400 is timed and whose tiles fill the large images", "file", defaultText: "samples/he-colon-crchisto-img14.tif");
        var quick = Define.Flag("--quick", "skip the patch-wise SR-1 scan (about 20 s)");
        var largeChild = Define.Text("--large-child", "internal: detect this file in this process and print one JSON line", "file");
        largeChild.Hidden = true;
        var precision = Define.Choice("--precision", "internal, with --large-child: the precision to detect in", ["auto", "float32", "bfloat16", "float16"], "auto");
        precision.Hidden = true;
        var command = new Command("bench", "benchmark inference speed and memory (prints one report)")
        {
            model, repeats, largeSizes, python, image, quick, largeChild, precision,
        };
        Define.Body(command, (r, output, error) => Run(
            new BenchOptions(r.GetValue(model)!, r.GetValue(repeats), r.GetValue(largeSizes)!.Items, r.GetValue(python)!, r.GetValue(image), r.GetValue(quick), r.GetValue(largeChild), r.GetValue(precision)!),
            output,
            error));
        return command;
    }

    public int Run(BenchOptions options, TextWriter output, TextWriter error)
    {
        if (options.LargeChild is { } childPath)
        {
            return RunLargeChild(childPath, options.Model, options.Precision, output);
        }
        var modelName = options.Model;
        var repeats = options.Repeats;
        var largeSides = options.LargeSizes.Where(s => s > 0).ToList();
        var python = options.Python;
        var imagePath = options.Image ?? Path.Combine(RepositoryRoot(), "samples", "he-colon-crchisto-img14.tif");
        var skipPatchwiseSr1 = options.Quick;
        TorchRuntime.ConfigureThreads();
        var threads = torch.get_num_threads();
        var defaultPrecision = ComputeDevice.Resolve("cpu", "auto").Precision;
        var precisions = new[] { InferencePrecision.Float32, defaultPrecision }.Distinct().ToList();
        var models = precisions.ToDictionary(p => p, p => catalog.Get(modelName, new ComputeDevice(DeviceType.CPU, p)));
        var model = models[InferencePrecision.Float32];
        var defaultStride = model.Metadata.Stride;
        var image = reader.Read(imagePath);
        var crop = new InMemoryRegionSource(image).ReadRegion(new PixelRegion((image.Width - Side) / 2, (image.Height - Side) / 2, Math.Min(Side, image.Width), Math.Min(Side, image.Height)));
        var prepared = model.Metadata.Normalization.Normalize(model.Metadata.Channels.Apply(crop));

        output.WriteLine($"CellDetect benchmark: model {model.Metadata.Name}, {threads} threads, {Environment.ProcessorCount} cores, image {Path.GetFileName(imagePath)} cropped to {crop.Width}x{crop.Height}");
        output.WriteLine($"defaults on this machine: stride {defaultStride} (model file), precision {defaultPrecision.OptionName()} (auto: AVX512-BF16 {(ComputeDevice.CpuHasNativeBFloat16() ? "present" : "absent")})");
        output.WriteLine();
        output.WriteLine("400x400 RGB, full proximity map (median of runs, min-max):");
        var float32 = new ProximityPredictor(model.Network, model.Device);
        if (!skipPatchwiseSr1)
        {
            output.WriteLine($"  patch-wise SR-1, float32             {Timing.Measure(1, () => float32.Predict(prepared, 1, ScanStrategy.Patchwise))}");
        }
        output.WriteLine($"  patch-wise SR-5, float32             {Timing.Measure(Math.Min(repeats, 3), () => float32.Predict(prepared, 5, ScanStrategy.Patchwise))}");
        foreach (var precision in precisions)
        {
            var predictor = new ProximityPredictor(models[precision].Network, models[precision].Device);
            foreach (var stride in new[] { 1, 2, 4, 5, 8 })
            {
                output.WriteLine($"  convolutional stride {stride}, {precision.OptionName(),-8}     {Timing.Measure(repeats, () => predictor.Predict(prepared, stride))}");
            }
        }
        var pipeline = new DetectionPipeline(catalog, reader, new ComputeDevice(DeviceType.CPU, defaultPrecision));
        var request = new DetectionRequest { Model = modelName };
        var endToEnd = Timing.Measure(repeats, () => pipeline.Detect(DetectionInput.FromImage(crop), request));
        output.WriteLine($"  detect, defaults (stride {defaultStride}, {defaultPrecision.OptionName()}), end to end {endToEnd}   target <= 0.150 s: {(endToEnd.Median <= 0.15 ? "met" : "not met")}");
        output.WriteLine();
        BenchService(image, modelName, new ComputeDevice(DeviceType.CPU, defaultPrecision), repeats, output);

        output.WriteLine();
        var failures = model.Network.Architecture == NetworkArchitecture.Paper ? BenchPass(model, models, precisions, threads, repeats, python, output) : SkipPass(model, output);

        foreach (var side in largeSides)
        {
            output.WriteLine();
            BenchLargeImage(side, image, modelName, defaultPrecision, output);
        }
        foreach (var failure in failures)
        {
            error.WriteLine($"celldetect bench: measurement failed at {failure}; run bench again on an otherwise idle machine");
        }
        return failures.Count == 0 ? ExitCodes.Done : ExitCodes.InputsFailed;
    }

    /// <summary>The pass-efficiency rows count the paper network's multiply-adds and compare it with its PyTorch twin: another network has neither.</summary>
    private static List<string> SkipPass(LoadedModel model, TextWriter output)
    {
        output.WriteLine($"One convolutional pass against the FP32 peak: not measured, model {model.Metadata.Name} is a {model.Network.Architecture} network (the FLOP count and the PyTorch reference are the paper network's)");
        return new List<string>();
    }

    /// <summary>One convolutional pass of the paper's network against the FP32 peak and PyTorch; the failed measurements, if any.</summary>
    private static List<string> BenchPass(LoadedModel model, IReadOnlyDictionary<InferencePrecision, LoadedModel> models, IReadOnlyList<InferencePrecision> precisions, int threads, int repeats, string python, TextWriter output)
    {
        var passSide = (Side / 4 - 1) * 4 + StructuredRegressionNetwork.InputPatchSize;
        var flops = NetworkCost.FlopsOfPass(passSide, model.Network.InputChannels, model.Network.Head.OutputUnits());
        output.WriteLine($"One convolutional pass ({passSide}x{passSide} input, {flops / 1e9:0.0} GFLOP), network only, against the FP32 peak measured in this run (512-bit FMA chains on every thread):");
        output.WriteLine("(a float32 pass above 100 % of the peak is a failed measurement; bfloat16 may exceed it: AVX512-BF16 does two multiply-adds per 32-bit lane)");
        var passes = new Dictionary<int, Timing>();
        var failures = new List<string>();
        double? oneThreadPeak = null;
        foreach (var t in new[] { 1, threads }.Distinct())
        {
            torch.set_num_threads(t);
            var peak = FloatPeak.MeasureGflops(t);
            oneThreadPeak ??= peak;
            var timings = precisions.ToDictionary(p => p, p => TimePass(models[p].Network, passSide, repeats));
            passes[t] = timings[InferencePrecision.Float32];
            // Checked before anything is printed: an implausible figure is reported as a failure, not as a result.
            if (peak is { } measured && FloatPeak.Implausibility(t, measured, oneThreadPeak, flops / passes[t].Median / 1e9) is { } problem)
            {
                output.WriteLine($"  {t} thread(s): measurement failed: {problem}");
                failures.Add($"{t} thread(s): {problem}");
                continue;
            }
            var peakText = peak is { } p ? $"{p:0} GFLOP/s" : "not measured (no 512-bit vectors)";
            output.WriteLine($"  {t} thread(s): FP32 peak {peakText}");
            foreach (var precision in precisions)
            {
                var timing = timings[precision];
                var share = peak is { } fp32Peak ? $" = {flops / timing.Median / 1e9 / fp32Peak * 100:0} % of the FP32 peak" : "";
                output.WriteLine($"    TorchSharp {precision.OptionName(),-8} {timing}  = {flops / timing.Median / 1e9:0} GFLOP/s{share}");
            }
        }
        torch.set_num_threads(threads);
        ComparePyTorch(python, passSide, passes, repeats, output);
        return failures;
    }

    /// <summary>
    /// The service row: a server in this process on a temporary socket, and the round trip of <c>detect</c>
    /// on a 2048x2048 16-bit frame sent as raw pixels (what a microscope host sends) against the same
    /// frame through the server's own pipeline in process, the two in turn. The difference is what the
    /// service costs: sending the pixels, unpacking them, the JSON and the hand-over to a worker thread.
    /// </summary>
    private static void BenchService(PlanarImage texture, string modelName, ComputeDevice device, int repeats, TextWriter output)
    {
        const int side = ServiceFrameSide;
        var frame = GrayFrame(texture, side);
        var socket = Path.Combine(Path.GetTempPath(), $"celldetect-bench-{Environment.ProcessId}.sock");
        using var host = LocalServiceHost.Create(new ServiceOptions { Endpoint = socket }, device, LogLevel.Warning);
        host.StartAsync().GetAwaiter().GetResult();
        try
        {
            var pipeline = host.Services.GetRequiredService<DetectionPipeline>();
            var pixels = new RawPixels(RawPixelType.U16, side, side, 1, RawPixelLayout.Interleaved, frame);
            var request = new DetectionRequest { Model = modelName };
            var format = new PixelFormat(PixelDataType.UInt16, side, side, 1);
            var parameters = new DetectParams { Model = modelName };
            var client = CellDetectClient.ConnectAsync(socket, "celldetect bench").GetAwaiter().GetResult();
            try
            {
                var (inProcess, roundTrip, overhead) = Timing.MeasurePaired(repeats,
                    () => pipeline.Detect(DetectionInput.FromPixels(pixels), request),
                    () => client.DetectPixelsAsync(frame, format, parameters).GetAwaiter().GetResult());
                var allowed = Math.Max(ServiceOverheadSeconds, ServiceOverheadShare * inProcess.Median);
                output.WriteLine($"Local service ({side}x{side} u16 frame, {frame.Length / 1048576} MiB raw pixels over a Unix socket, {device}; the two timed in turn):");
                output.WriteLine($"  pipeline.Detect(FromPixels) in process   {inProcess}");
                output.WriteLine($"  detect through the service, round trip   {roundTrip}");
                output.WriteLine($"  overhead (median of the per-turn differences) {overhead.Median * 1000:0} ms ({overhead.Median / inProcess.Median * 100:0.0} %; {overhead.Min * 1000:0} to {overhead.Max * 1000:0} ms)   target <= 25 ms or 5 %, whichever is larger ({allowed * 1000:0} ms): {(overhead.Median <= allowed ? "met" : "not met")}");
            }
            finally
            {
                client.DisposeAsync().AsTask().GetAwaiter().GetResult();
            }
        }
        finally
        {
            host.StopAsync().GetAwaiter().GetResult();
        }
    }

    /// <summary>A 16-bit single-channel frame tiled from the sample's first channel (scaled to the 16-bit range), little-endian.</summary>
    private static byte[] GrayFrame(PlanarImage texture, int side)
    {
        var bytes = new byte[side * side * sizeof(ushort)];
        for (int y = 0; y < side; y++)
        {
            for (int x = 0; x < side; x++)
            {
                var value = (ushort)Math.Clamp(texture[0, y % texture.Height, x % texture.Width] * 257f, 0, ushort.MaxValue);
                BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan((y * side + x) * sizeof(ushort)), value);
            }
        }
        return bytes;
    }

    private static Timing TimePass(ProximityNetwork network, int side, int repeats)
    {
        using var mode = torch.inference_mode();
        using var input = torch.rand(1, network.InputChannels, side, side).to(network.parameters().First().dtype);
        return Timing.Measure(repeats, () =>
        {
            using var scope = torch.NewDisposeScope();
            network.Activate(network.call(input));
        });
    }

    private static void ComparePyTorch(string python, int passSide, Dictionary<int, Timing> passes, int repeats, TextWriter output)
    {
        var threadList = string.Join(",", passes.Keys);
        var script = Path.Combine(RepositoryRoot(), "benchmarks", "pytorch_reference.py");
        var (code, stdout, stderr) = RunProcess(python, $"{script} {passSide} {threadList} {repeats}");
        if (code != 0)
        {
            output.WriteLine($"  PyTorch reference not run ({python} {Path.GetFileName(script)} failed: {stderr.Trim().Split('\n').LastOrDefault()}); install python3-torch and libopenblas0-pthread");
            return;
        }
        using var json = JsonDocument.Parse(stdout);
        var root = json.RootElement;
        output.WriteLine($"  PyTorch {root.GetProperty("torch").GetString()} ({root.GetProperty("blas").GetString()}), same input, same run:");
        foreach (var (threads, timing) in passes)
        {
            var median = root.GetProperty("seconds").GetProperty(threads.ToString(CultureInfo.InvariantCulture)).GetProperty("median").GetDouble();
            output.WriteLine($"    {threads} thread(s): PyTorch {median:0.000} s, TorchSharp {timing.Median:0.000} s, ratio TorchSharp/PyTorch {timing.Median / median:0.00}");
        }
    }

    private void BenchLargeImage(int side, PlanarImage texture, string modelName, InferencePrecision precision, TextWriter output)
    {
        var directory = Directory.CreateTempSubdirectory("celldetect-bench-");
        try
        {
            var path = Path.Combine(directory.FullName, $"slide-{side}.tif");
            var clock = Stopwatch.StartNew();
            TiledRgbTiffWriter.Write(path, side, side, 512, (left, top, rgb, tile) => FillFromTexture(texture, left, top, rgb, tile));
            output.WriteLine($"Large image: generated a {side}x{side} RGB tiled TIFF ({new FileInfo(path).Length / 1e6:0} MB, tiles of the sample) in {clock.Elapsed.TotalSeconds:0} s; detecting in a child process...");
            var dll = typeof(BenchCommand).Assembly.Location;
            var (code, stdout, stderr) = RunProcess("dotnet", $"\"{dll}\" bench --large-child \"{path}\" --model {modelName} --precision {precision.OptionName()}");
            if (code != 0)
            {
                output.WriteLine($"  failed: {stderr.Trim()}");
                return;
            }
            using var json = JsonDocument.Parse(stdout);
            var root = json.RootElement;
            var seconds = root.GetProperty("seconds").GetDouble();
            output.WriteLine($"  {root.GetProperty("cells").GetInt32()} cells in {seconds:0.0} s = {(double)side * side / 1e6 / seconds:0.00} megapixels/s; peak RSS {root.GetProperty("peakRssMiB").GetDouble():0} MiB");
        }
        finally
        {
            directory.Delete(true);
        }
    }

    private int RunLargeChild(string path, string modelName, string precision, TextWriter output)
    {
        TorchRuntime.ConfigureThreads();
        var pipeline = new DetectionPipeline(catalog, reader, ComputeDevice.Resolve("cpu", precision));
        var clock = Stopwatch.StartNew();
        // Streamed from the file region by region, as slides larger than memory are.
        var result = pipeline.Detect(DetectionInput.FromSource(new FileRegionSource(reader, path), Path.GetFileName(path)), new DetectionRequest { Model = modelName });
        var seconds = clock.Elapsed.TotalSeconds;
        using var process = Process.GetCurrentProcess();
        output.WriteLine(JsonSerializer.Serialize(new { seconds, cells = result.Cells.Count, peakRssMiB = process.PeakWorkingSet64 / 1048576.0 }));
        return 0;
    }

    private static void FillFromTexture(PlanarImage texture, int left, int top, Span<byte> rgb, int tile)
    {
        for (int y = 0; y < tile; y++)
        {
            var ty = (top + y) % texture.Height;
            for (int x = 0; x < tile; x++)
            {
                var tx = (left + x) % texture.Width;
                for (int c = 0; c < 3; c++)
                {
                    rgb[(y * tile + x) * 3 + c] = (byte)texture[Math.Min(c, texture.Channels - 1), ty, tx];
                }
            }
        }
    }

    private static (int Code, string Output, string Error) RunProcess(string file, string arguments)
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo(file, arguments) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false })!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            process.WaitForExit();
            return (process.ExitCode, stdout.Result, stderr.Result);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return (-1, "", e.Message);
        }
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "CellDetect.Plugin.sln")))
            {
                return dir.FullName;
            }
        }
        return Directory.GetCurrentDirectory();
    }
}
