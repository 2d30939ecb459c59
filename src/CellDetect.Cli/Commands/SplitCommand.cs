using System.Globalization;
using CellDetect.Cli.Data;
using CellDetect.Core.Datasets;

namespace CellDetect.Cli.Commands;

/// <summary>
/// <c>celldetect split --images DIR --out DIR [--val-fraction 0.2] [--seed 1] [--link symbolic|hard|copy]</c>:
/// materialises the train/validation split that <c>celldetect train</c> uses (<see cref="ValidationSplit"/> over the
/// annotated images' file names without extension, per folder) as OUT/train and OUT/val, each holding symbolic links
/// (or hard links, or copies) to the images and their NAME.csv. Before linking, OUT/train and OUT/val lose every
/// symbolic link and every file named like one of the source folder's images or point files (an earlier split's);
/// other files there are left alone.
/// </summary>
public sealed class SplitCommand : ICliCommand
{
    public string Name => "split";

    public string Summary => "link a folder's images into OUT/train and OUT/val, the split train validates on";

    public int Run(CommandArguments arguments, TextWriter output, TextWriter error)
    {
        var imagesDir = arguments.RequiredOption("images");
        var outDir = arguments.RequiredOption("out");
        var fraction = arguments.Number("val-fraction", 0.2);
        var seed = arguments.Integer("seed", 1);
        var linkText = arguments.Option("link") ?? "symbolic";
        arguments.RejectUnknown();
        var mode = linkText switch
        {
            "symbolic" => LinkMode.Symbolic,
            "hard" => LinkMode.Hard,
            "copy" => LinkMode.Copy,
            _ => throw new UsageException($"--link must be symbolic, hard or copy, not '{linkText}'."),
        };
        if (arguments.Positionals.Count > 0)
        {
            throw new UsageException($"Unexpected argument(s): {string.Join(" ", arguments.Positionals)}. Usage: split --images DIR --out DIR [--val-fraction 0.2] [--seed 1] [--link symbolic|hard|copy]");
        }
        if (!double.IsFinite(fraction) || fraction < 0 || fraction >= 1)
        {
            throw new UsageException($"--val-fraction must be at least 0 and below 1, got {fraction.ToString(CultureInfo.InvariantCulture)}.");
        }
        var images = AnnotatedImageFolder.AnnotatedImages(imagesDir);
        if (images.Count == 0)
        {
            throw new UsageException($"No images with NAME.csv point files in '{imagesDir}'.");
        }
        var byName = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var path in images)
        {
            var name = Path.GetFileNameWithoutExtension(path);
            if (!byName.TryAdd(name, path))
            {
                throw new InvalidDataException($"Two images in '{imagesDir}' share the name '{name}' ({Path.GetFileName(byName[name])}, {Path.GetFileName(path)}); they would share {name}.csv.");
            }
        }
        var (training, validation) = ValidationSplit.Split(byName.Keys, fraction, seed);
        var managed = byName.Values.SelectMany(p => new[] { Path.GetFileName(p), Path.GetFileName(AnnotatedImageFolder.CsvFor(p)) }).ToHashSet(StringComparer.Ordinal);
        var trainDir = Path.Combine(outDir, "train");
        var valDir = Path.Combine(outDir, "val");
        foreach (var (directory, names) in new[] { (trainDir, training), (valDir, validation) })
        {
            Directory.CreateDirectory(directory);
            RemovePrevious(directory, managed);
            var sources = names.SelectMany(name => new[] { Path.GetFullPath(byName[name]), AnnotatedImageFolder.CsvFor(Path.GetFullPath(byName[name])) }).ToList();
            if (mode == LinkMode.Hard)
            {
                HardLinks(directory, sources);
                continue;
            }
            foreach (var source in sources)
            {
                Link(Path.Combine(directory, Path.GetFileName(source)), source, mode);
            }
        }
        output.WriteLine($"{images.Count} images: {training.Count} in {trainDir}, {validation.Count} in {valDir} (validation fraction {fraction.ToString("0.###", CultureInfo.InvariantCulture)}, seed {seed}, {linkText} links)");
        return 0;
    }

    private enum LinkMode
    {
        Symbolic,
        Hard,
        Copy,
    }

    private static void RemovePrevious(string directory, HashSet<string> managed)
    {
        foreach (var entry in new DirectoryInfo(directory).EnumerateFileSystemInfos())
        {
            if (entry.LinkTarget is not null || (entry is FileInfo && managed.Contains(entry.Name)))
            {
                entry.Delete();
            }
        }
    }

    private static void Link(string linkPath, string target, LinkMode mode)
    {
        if (File.Exists(linkPath) || Directory.Exists(linkPath))
        {
            throw new IOException($"'{linkPath}' exists; not replacing it.");
        }
        if (mode == LinkMode.Symbolic)
        {
            File.CreateSymbolicLink(linkPath, target);
        }
        else
        {
            File.Copy(target, linkPath);
        }
    }

    /// <summary>link(2) through one <c>ln -t DIR -- FILES</c> (.NET has no hard-link API); fails across file systems.</summary>
    private static void HardLinks(string directory, IReadOnlyList<string> sources)
    {
        if (sources.Count == 0)
        {
            return;
        }
        var start = new System.Diagnostics.ProcessStartInfo("ln") { RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("-t");
        start.ArgumentList.Add(directory);
        start.ArgumentList.Add("--");
        foreach (var source in sources)
        {
            start.ArgumentList.Add(source);
        }
        using var process = System.Diagnostics.Process.Start(start) ?? throw new IOException("could not start ln");
        var message = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new IOException($"hard links into {directory} failed: {message.Trim()} (try --link copy)");
        }
    }
}
