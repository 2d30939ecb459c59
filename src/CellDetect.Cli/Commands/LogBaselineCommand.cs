using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using CellDetect.Cli.Data;
using CellDetect.Core.Baselines;
using CellDetect.Core.Detection;
using CellDetect.Core.Evaluation;
using CellDetect.Imaging.Annotations;
using CellDetect.Imaging.Images;

namespace CellDetect.Cli.Commands;

/// <summary>What <c>celldetect baseline-log</c> was asked to do.</summary>
public sealed record LogBaselineOptions(IReadOnlyList<string> Train, string Images, string Out, IReadOnlyList<double> Sigmas, IReadOnlyList<BlobPolarity> Polarities, double Radius, bool Json);

/// <summary>
/// <c>celldetect baseline-log --train DIR [--train DIR2 ...] --images DIR --out DIR [--sigmas 2,3,4,5,6,8]
/// [--polarity grid|auto|bright|dark] [--radius 5] [--json]</c>: the Laplacian-of-Gaussian baseline
/// (<see cref="LogBlobDetector"/>). Tunes sigma, polarity and threshold on the annotated --train folders for the best F1
/// (strict matching), then writes for every image in --images OUT/NAME.csv (x,y,score: peaks above the tuned threshold)
/// and OUT/all-peaks/NAME.csv (every positive peak, for PR curves), and the chosen parameters to OUT/log-baseline.json.
/// </summary>
public sealed class LogBaselineCommand(AnnotatedImageFolder folder, ImageFileReader reader) : ICliCommand
{
    public const string ParametersFile = "log-baseline.json";

    public Command Definition()
    {
        var train = Define.Repeated("--train", "annotated folder (images with NAME.csv point files) to tune sigma, polarity and threshold on");
        var images = Define.Text("--images", "folder of images to detect in with the tuned parameters", "dir", required: true);
        var outDir = Define.Text("--out", $"folder for NAME.csv (cells above the threshold), all-peaks/NAME.csv (every peak) and {ParametersFile}", "dir", required: true);
        var sigmas = Define.Numbers("--sigmas", "Gaussian scales in pixels to try", Define.Range.Above(0), LogTuningOptions.DefaultSigmas);
        var polarity = Define.Choice<IReadOnlyList<BlobPolarity>>("--polarity", "which blobs are cells: grid tries auto, bright and dark; auto decides per image",
            [("grid", LogTuningOptions.DefaultPolarities), ("auto", [BlobPolarity.Auto]), ("bright", [BlobPolarity.Bright]), ("dark", [BlobPolarity.Dark])], "grid");
        var radius = Define.Number("--radius", "matching distance in pixels for tuning (strict rule)", Define.Range.Above(0), 5);
        var json = Define.Flag("--json", "print the report as one JSON object instead of lines");
        var command = new Command("baseline-log", "Laplacian-of-Gaussian baseline: tune on annotated folders, detect in another")
        {
            train, images, outDir, sigmas, polarity, radius, json,
        };
        Define.Body(command, (r, output, error) => Run(
            new LogBaselineOptions(r.GetValue(train)!, r.GetValue(images)!, r.GetValue(outDir)!, r.GetValue(sigmas)!.Items, r.GetValue(polarity)!.Value, r.GetValue(radius), r.GetValue(json)),
            output,
            error));
        return command;
    }

    public int Run(LogBaselineOptions request, TextWriter output, TextWriter error)
    {
        var (trainDirs, imagesDir, outDir, _, _, radius, json) = request;
        var options = new LogTuningOptions
        {
            Sigmas = request.Sigmas,
            Polarities = request.Polarities,
            Evaluation = new EvaluationOptions(radius, MatchingRule.Strict),
        };
        var trainingPaths = new List<string>();
        foreach (var directory in trainDirs)
        {
            var annotated = AnnotatedImageFolder.AnnotatedImages(directory);
            if (annotated.Count == 0)
            {
                throw new UsageException($"No images with NAME.csv point files in '{directory}'.");
            }
            trainingPaths.AddRange(annotated);
        }
        if (!Directory.Exists(imagesDir))
        {
            throw new DirectoryNotFoundException($"Image folder '{imagesDir}' does not exist.");
        }
        var targets = AnnotatedImageFolder.ImagesIn(imagesDir);
        if (targets.Count == 0)
        {
            throw new UsageException($"No images (.tif, .tiff, .png, .jpg, .bmp) in '{imagesDir}'.");
        }

        var clock = Stopwatch.StartNew();
        var tuned = LogBaselineTuner.Tune(trainingPaths.Select(path =>
        {
            var (image, cells) = folder.Load(path);
            return new LogTrainingImage(Path.GetFileNameWithoutExtension(path), image, cells);
        }), options);
        var tuningSeconds = clock.Elapsed.TotalSeconds;
        var parameters = tuned.Parameters;
        if (!json)
        {
            output.WriteLine($"tuned on {tuned.Images} images ({tuned.Cells} cells) in {tuningSeconds:0.0} s: sigma {F(parameters.Sigma, "0.##")}, polarity {Lower(parameters.Polarity)}, " +
                $"threshold {F(parameters.Threshold)}; training precision {F(tuned.TrainingPrecision)}, recall {F(tuned.TrainingRecall)}, F1 {F(tuned.TrainingF1)} (strict, {F(radius, "0.##")} px)");
        }

        var allPeaksDir = Path.Combine(outDir, "all-peaks");
        Directory.CreateDirectory(allPeaksDir);
        var failures = 0;
        var detectSeconds = 0.0;
        var detected = 0;
        foreach (var path in targets)
        {
            try
            {
                var image = reader.Read(path);
                var timer = Stopwatch.StartNew();
                var mean = LogBlobDetector.NormalizedMean(image);
                var polarity = LogBlobDetector.Resolve(parameters.Polarity, mean);
                var response = LogBlobDetector.Response(mean, image.Width, image.Height, parameters.Sigma);
                var all = LogBlobDetector.Peaks(response, image.Width, image.Height, polarity, parameters.Sigma, 0);
                var cells = all.Where(c => c.Score > parameters.Threshold).ToList();
                detectSeconds += timer.Elapsed.TotalSeconds;
                detected++;
                var name = Path.GetFileNameWithoutExtension(path);
                PointsCsv.Write(Path.Combine(outDir, name + ".csv"), cells, includeScore: true);
                PointsCsv.Write(Path.Combine(allPeaksDir, name + ".csv"), all, includeScore: true);
                if (!json)
                {
                    output.WriteLine($"{Path.GetFileName(path)}: {cells.Count} cells ({all.Count} peaks, polarity {Lower(polarity)})");
                }
            }
            catch (Exception e) when (e is IOException or InvalidDataException or NotSupportedException or ArgumentException)
            {
                failures++;
                error.WriteLine($"celldetect baseline-log: {path}: {e.Message}");
            }
        }
        var secondsPerImage = detected == 0 ? double.NaN : detectSeconds / detected;
        var report = Report(tuned, options, trainDirs, imagesDir, tuningSeconds, secondsPerImage, detected);
        File.WriteAllText(Path.Combine(outDir, ParametersFile), report + "\n");
        if (json)
        {
            output.WriteLine(report);
        }
        else
        {
            output.WriteLine($"{detected} of {targets.Count} images done ({F(secondsPerImage, "0.000")} s per image); cells above the threshold in {Path.GetFullPath(outDir)}, every peak in {Path.GetFullPath(allPeaksDir)}");
        }
        return failures == 0 ? 0 : 1;
    }

    private static string Report(LogTuningResult tuned, LogTuningOptions options, IReadOnlyList<string> trainDirs, string imagesDir, double tuningSeconds, double secondsPerImage, int detected)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteString("method", "LoG");
            json.WriteNumber("sigma", tuned.Parameters.Sigma);
            json.WriteString("polarity", Lower(tuned.Parameters.Polarity));
            json.WriteNumber("threshold", tuned.Parameters.Threshold);
            json.WriteNumber("peak_radius", tuned.Parameters.PeakRadius);
            json.WriteStartObject("training");
            json.WriteStartArray("folders");
            foreach (var dir in trainDirs)
            {
                json.WriteStringValue(Path.GetFullPath(dir));
            }
            json.WriteEndArray();
            json.WriteNumber("images", tuned.Images);
            json.WriteNumber("cells", tuned.Cells);
            json.WriteString("rule", options.Evaluation.Rule.ToString().ToLowerInvariant());
            json.WriteNumber("radius", options.Evaluation.Radius);
            json.WriteNumber("precision", tuned.TrainingPrecision);
            json.WriteNumber("recall", tuned.TrainingRecall);
            json.WriteNumber("f1", tuned.TrainingF1);
            json.WriteNumber("seconds", Math.Round(tuningSeconds, 2));
            json.WriteStartArray("grid");
            foreach (var point in tuned.Grid)
            {
                json.WriteStartObject();
                json.WriteNumber("sigma", point.Sigma);
                json.WriteString("polarity", Lower(point.Polarity));
                if (double.IsFinite(point.Threshold))
                {
                    json.WriteNumber("threshold", point.Threshold);
                }
                else
                {
                    json.WriteNull("threshold");
                }
                json.WriteNumber("f1", point.F1);
                json.WriteNumber("precision", point.Counts.Precision);
                json.WriteNumber("recall", point.Counts.Recall);
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteString("images", Path.GetFullPath(imagesDir));
            json.WriteNumber("images_detected", detected);
            if (double.IsFinite(secondsPerImage))
            {
                json.WriteNumber("seconds_per_image", Math.Round(secondsPerImage, 4));
            }
            else
            {
                json.WriteNull("seconds_per_image");
            }
            json.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static string Lower(BlobPolarity polarity) => polarity.ToString().ToLowerInvariant();

    private static string F(double value, string format = "0.0000") =>
        double.IsNaN(value) ? "-" : value.ToString(format, CultureInfo.InvariantCulture);
}
