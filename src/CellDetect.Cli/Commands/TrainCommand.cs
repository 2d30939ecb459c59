using System.CommandLine;
using CellDetect.Cli.Data;
using CellDetect.Cli.Training;
using CellDetect.Core.Datasets;
using CellDetect.Model.Files;
using CellDetect.Model.Training;

namespace CellDetect.Cli.Commands;

/// <summary>What <c>celldetect train</c> was asked to do. Null means: Name from the file name of Out (see <see cref="TrainingChoices"/> for the rest).</summary>
public sealed record TrainOptions(IReadOnlyList<string> Images, string Out, int Seed, string? Name, bool NoResume, bool Resume, string Weights, TrainingChoices Training, string CommandLine);

/// <summary><c>celldetect train --images DIR [--images DIR2 ...] --out MODEL</c>: trains and saves a model file.</summary>
public sealed class TrainCommand(AnnotatedImageFolder folder, ModelTraining training) : ICliCommand
{
    public Command Definition()
    {
        var images = Define.Repeated("--images", "folder of images with NAME.csv point files (cell centres); each is split into training and validation images");
        var outPath = Define.Text("--out", "the model file to write (.cdmodel); MODEL.checkpoint is kept beside it until training ends", "file", required: true);
        var seed = Define.WholeNumber("--seed", "seed of the validation split (split --seed gives the same split)", int.MinValue, int.MaxValue, 1);
        var shared = new TrainingOptionSet();
        var name = Define.Text("--name", "the model's name in its metadata", "text", defaultText: "the file name of --out without extension");
        var noResume = Define.Flag("--no-resume", "start afresh, deleting MODEL.checkpoint (by default a run resumes from the checkpoint of the same run, and refuses another run's)");
        var resume = Define.Flag("--resume", "require a checkpoint of this run to resume from; without one, stop");
        var weights = Define.Choice("--weights", "number format of the weights in the model file", ["float16", "float32"], "float16");
        var command = new Command("train", "train a model on folders of images with NAME.csv cell centres") { images, outPath, seed };
        foreach (var option in shared.All)
        {
            command.Add(option);
        }
        command.Add(name);
        command.Add(noResume);
        command.Add(resume);
        command.Add(weights);
        command.Validators.Add(result =>
        {
            if (result.GetValue(noResume) && result.GetValue(resume))
            {
                result.AddError("--resume and --no-resume contradict each other: give one of them");
            }
        });
        Define.Body(command, (r, output, error) => Run(
            new TrainOptions(r.GetValue(images)!, r.GetValue(outPath)!, r.GetValue(seed), r.GetValue(name), r.GetValue(noResume), r.GetValue(resume), r.GetValue(weights)!, shared.Read(r), CommandLine(r)),
            output,
            error));
        return command;
    }

    public int Run(TrainOptions request, TextWriter output, TextWriter error)
    {
        // Before reading any image, and until the model is saved: a second run to this --out stops here.
        using var writing = ModelWriteLock.Acquire(request.Out);
        var trainingImages = new List<TrainingSample>();
        var validationImages = new List<TrainingSample>();
        foreach (var directory in request.Images)
        {
            var (dataSet, samples) = folder.LoadDataSet(directory);
            var split = ValidationSplit.Split(samples.Select(s => s.Name), request.Training.ValFraction, request.Seed);
            var validationNames = split.Validation.ToHashSet();
            foreach (var sample in samples)
            {
                (validationNames.Contains(sample.Name) ? validationImages : trainingImages).Add(sample);
            }
            output.WriteLine($"{dataSet}: {samples.Count - validationNames.Count} training, {validationNames.Count} validation images");
        }
        var trained = training.Run(new TrainingRequest(
            trainingImages, validationImages, request.Training, request.Seed, request.Out, request.Name ?? Path.GetFileNameWithoutExtension(request.Out),
            request.NoResume ? ResumePolicy.Never : request.Resume ? ResumePolicy.Require : ResumePolicy.IfCompatible, request.Weights, request.CommandLine), output, error);
        var result = trained.Result;
        output.WriteLine($"saved {request.Out}: best epoch {result.BestEpoch}/{result.EpochsRun}, validation F1 {result.ValidationF1:0.000} at threshold {trained.Metadata.Threshold:0.###}, {result.TrainingSeconds:0} s");
        return 0;
    }

    /// <summary>
    /// The command line as parsed, command included, for a model's training summary. (The process's own arguments
    /// lost the command name under the launcher, and are the test host's when the CLI runs in process.)
    /// </summary>
    public static string CommandLine(ParseResult parsed) => "celldetect " + string.Join(' ', parsed.Tokens.Select(t => t.Value));
}
