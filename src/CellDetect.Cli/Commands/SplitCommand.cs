using System.CommandLine;
using System.Globalization;
using CellDetect.Cli.Data;
using CellDetect.Core.Datasets;

namespace CellDetect.Cli.Commands;

/// <summary>What <c>celldetect split</c> was asked to do.</summary>
public sealed record SplitOptions(string Images, string Out, double ValFraction, int Seed, SplitCommand.LinkMode Link);

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
    /// <summary>How the split folders refer to the images and point files.</summary>
    public enum LinkMode
    {
        Symbolic,
        Hard,
        Copy,
    }

    public Command Definition()
    {
        var images = Define.Text("--images", "folder of images with NAME.csv point files", "dir", required: true);
        var outDir = Define.Text("--out", "folder to hold train/ and val/", "dir", required: true);
        var fraction = Define.Number("--val-fraction", "share of the images held out for validation", new Define.Range(0, 1, MaxOpen: true), 0.2);
        var seed = Define.WholeNumber("--seed", "seed of the split (train's --seed gives the same split)", int.MinValue, int.MaxValue, 1);
        var link = Define.Choice<LinkMode>("--link", "symbolic links, hard links (same file system only) or copies", [("symbolic", LinkMode.Symbolic), ("hard", LinkMode.Hard), ("copy", LinkMode.Copy)], "symbolic");
        var command = new Command("split", "link a folder's images into OUT/train and OUT/val, the split train validates on")
        {
            images, outDir, fraction, seed, link,
        };
        Define.Body(command, (r, output, _) => Run(new SplitOptions(r.GetValue(images)!, r.GetValue(outDir)!, r.GetValue(fraction), r.GetValue(seed), r.GetValue(link)!.Value), output));
        return command;
    }

    public int Run(SplitOptions options, TextWriter output)
    {
        var (imagesDir, outDir, fraction, seed, mode) = options;
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
        output.WriteLine($"{images.Count} images: {training.Count} in {trainDir}, {validation.Count} in {valDir} (validation fraction {fraction.ToString("0.###", CultureInfo.InvariantCulture)}, seed {seed}, {mode.ToString().ToLowerInvariant()} links)");
        return 0;
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
