using System.CommandLine;
using CellDetect.Cli.Data;
using CellDetect.Core.Detection;
using CellDetect.Core.Evaluation;
using CellDetect.Core.Imaging;
using CellDetect.Model;
using CellDetect.Model.Files;
using CellDetect.Imaging.Images;
using CellDetect.Pipeline;

namespace CellDetect.Cli.Commands;

/// <summary>What <c>celldetect calibrate</c> was asked to do; a null Out rewrites the model file, null PeakRadii keeps the model's radius.</summary>
public sealed record CalibrateOptions(string Model, IReadOnlyList<string> Images, int Stride, string? Out, IReadOnlyList<int>? PeakRadii);

/// <summary>
/// <c>celldetect calibrate --model M --images DIR [--images DIR2] --stride S [--peak-radii 1,2,3] [--out MODEL]</c>:
/// sets a model's default stride and re-chooses its threshold (and, given candidates, its peak radius) for the best F1 at that stride, on the model's
/// own validation images found in the folders (or on all annotated images there when the model lists none).
/// </summary>
public sealed class CalibrateCommand(AnnotatedImageFolder folder, ModelCatalog catalog, ImageFileReader reader) : ICliCommand
{
    private const double SweepFloor = 0.05;

    public Command Definition()
    {
        var model = Define.Text("--model", "the .cdmodel file to calibrate (rewritten unless --out is given)", "file", required: true);
        var images = Define.Repeated("--images", "folder of images with NAME.csv point files; the model's validation images in it are used (all annotated images when the model lists none)");
        var stride = Define.WholeNumber("--stride", "the stride to make the model's default", 1, 64, 4);
        var outPath = Define.Text("--out", "write the calibrated model here instead", "file", defaultText: "--model");
        var radii = Define.WholeNumbers("--peak-radii", "candidate peak radii to choose from along with the threshold", 1, 64, defaultText: "the model's peak radius only");
        var command = new Command("calibrate", "set a model's default stride and re-choose its threshold on annotated images")
        {
            model, images, stride, outPath, radii,
        };
        Define.Body(command, (r, output, error) => Run(new CalibrateOptions(r.GetValue(model)!, r.GetValue(images)!, r.GetValue(stride), r.GetValue(outPath), r.GetValue(radii)?.Items), output, error));
        return command;
    }

    public int Run(CalibrateOptions options, TextWriter output, TextWriter error)
    {
        var modelPath = options.Model;
        var directories = options.Images;
        var stride = options.Stride;
        var outPath = options.Out ?? modelPath;
        var radii = options.PeakRadii ?? [];
        if (!File.Exists(modelPath))
        {
            throw new UsageException($"--model must be a model file to rewrite; '{modelPath}' is not one (built-in models are calibrated in the source tree).");
        }
        TorchRuntime.ConfigureThreads();
        var pipeline = new DetectionPipeline(catalog, reader, ComputeDevice.Cpu);
        var model = pipeline.Model(modelPath);
        var listed = model.Metadata.Training?.ValidationImages.ToHashSet(StringComparer.Ordinal) ?? new HashSet<string>();
        var samples = new List<(string Name, PlanarImage Image, IReadOnlyList<CellPoint> Cells)>();
        foreach (var directory in directories)
        {
            var dataSet = AnnotatedImageFolder.DataSetName(directory);
            foreach (var path in AnnotatedImageFolder.AnnotatedImages(directory))
            {
                var name = Path.GetFileNameWithoutExtension(path);
                if (listed.Count == 0 || listed.Contains($"{dataSet}/{name}"))
                {
                    var (image, cells) = folder.Load(path);
                    samples.Add((name, image, cells));
                }
            }
        }
        if (samples.Count == 0)
        {
            throw new UsageException("None of the model's validation images are in the given folders.");
        }
        // Each candidate peak radius is swept over thresholds; the best (radius, threshold) pair wins.
        var candidates = radii.Count == 0 ? new List<int> { model.Metadata.PeakRadius } : radii;
        var (bestRadius, best) = candidates
            .Select(radius => (Radius: radius, Point: ThresholdSweep.Sweep(samples.Select(s => new EvaluationImage(s.Name, s.Cells, pipeline.Detect(DetectionInput.FromImage(s.Image, s.Name), new DetectionRequest { Model = modelPath, Stride = stride, Threshold = SweepFloor, PeakRadius = radius }).Cells)).ToList()).Best))
            .OrderByDescending(c => c.Point.Counts.F1)
            .First();
        var threshold = double.IsFinite(best.Threshold) ? Math.Round(best.Threshold, 4) : model.Metadata.Threshold;
        ModelFile.Save(outPath, model.Network, model.Metadata with { Stride = stride, Threshold = threshold, PeakRadius = bestRadius });
        output.WriteLine($"{Path.GetFileName(outPath)}: stride {stride}, peak radius {bestRadius}, threshold {threshold:0.####}: F1 {best.Counts.F1:0.0000} (P {best.Counts.Precision:0.000}, R {best.Counts.Recall:0.000}) on {samples.Count} images");
        return 0;
    }
}
