using CellDetect.Core.Datasets;
using static CellDetect.Cli.Tests.CliHarness;

namespace CellDetect.Cli.Tests;

/// <summary><c>celldetect split</c>: the same split as <c>celldetect train</c>, as links to the images and their point files.</summary>
public sealed class SplitCommandTests : IDisposable
{
    private static readonly string[] Names = { "img1", "img13", "img14" };

    private readonly string work = TemporaryDirectory("split");

    public void Dispose() => DeleteTemporaryDirectory(work);

    private string CopyImages()
    {
        var images = Path.Combine(work, "images");
        Directory.CreateDirectory(images);
        foreach (var name in Names)
        {
            File.Copy(SharedData($"crchisto/train/{name}.tif"), Path.Combine(images, name + ".tif"));
            File.Copy(SharedData($"crchisto/train/{name}.csv"), Path.Combine(images, name + ".csv"));
        }
        File.WriteAllText(Path.Combine(images, "notes.txt"), "not an image");
        File.Copy(SharedData("crchisto/train/img1.tif"), Path.Combine(images, "unannotated.tif"));
        return images;
    }

    private static IEnumerable<string> Listing(string directory) =>
        Directory.EnumerateFileSystemEntries(directory).Select(Path.GetFileName).OrderBy(n => n, StringComparer.Ordinal)!;

    [Fact]
    public void LinksTheSplitThatTrainUses()
    {
        var images = CopyImages();
        var outDir = Path.Combine(work, "split");
        var (code, output, error) = Run("split", "--images", images, "--out", outDir);
        Assert.True(code == 0, error + output);
        Assert.Contains("3 images: 2 in", output);

        var (training, validation) = ValidationSplit.Split(Names, 0.2, 1);
        Assert.Equal(training.SelectMany(n => new[] { n + ".csv", n + ".tif" }).OrderBy(n => n, StringComparer.Ordinal), Listing(Path.Combine(outDir, "train")));
        Assert.Equal(validation.SelectMany(n => new[] { n + ".csv", n + ".tif" }).OrderBy(n => n, StringComparer.Ordinal), Listing(Path.Combine(outDir, "val")));
        foreach (var entry in Directory.EnumerateFiles(outDir, "*", SearchOption.AllDirectories))
        {
            var target = new FileInfo(entry).LinkTarget;
            Assert.NotNull(target);
            Assert.Equal(Path.Combine(images, Path.GetFileName(entry)), target);
            Assert.Equal(File.ReadAllBytes(target), File.ReadAllBytes(entry));
        }
    }

    [Fact]
    public void ARerunWithAnotherSeedReplacesTheLinksAndKeepsOtherFiles()
    {
        var images = CopyImages();
        var outDir = Path.Combine(work, "split");
        Assert.Equal(0, Run("split", "--images", images, "--out", outDir, "--seed", "1").Code);
        File.WriteAllText(Path.Combine(outDir, "val", "mine.txt"), "keep me");
        var seed = Enumerable.Range(2, 50).First(s => ValidationSplit.Split(Names, 0.2, s).Validation[0] != ValidationSplit.Split(Names, 0.2, 1).Validation[0]);

        var (code, output, error) = Run("split", "--images", images, "--out", outDir, "--seed", seed.ToString(System.Globalization.CultureInfo.InvariantCulture), "--val-fraction", "0.5");
        Assert.True(code == 0, error + output);
        var (training, validation) = ValidationSplit.Split(Names, 0.5, seed);
        Assert.Equal(2, validation.Count);
        Assert.Equal(validation.SelectMany(n => new[] { n + ".csv", n + ".tif" }).Append("mine.txt").OrderBy(n => n, StringComparer.Ordinal), Listing(Path.Combine(outDir, "val")));
        Assert.Equal(training.SelectMany(n => new[] { n + ".csv", n + ".tif" }).OrderBy(n => n, StringComparer.Ordinal), Listing(Path.Combine(outDir, "train")));
    }

    [Theory]
    [InlineData("hard")]
    [InlineData("copy")]
    public void HardLinksAndCopiesAreRegularFilesWithTheSameContent(string mode)
    {
        var images = CopyImages();
        var outDir = Path.Combine(work, "split");
        for (int run = 0; run < 2; run++)
        {
            var (code, output, error) = Run("split", "--images", images, "--out", outDir, "--link", mode);
            Assert.True(code == 0, error + output);
        }
        var files = Directory.EnumerateFiles(outDir, "*", SearchOption.AllDirectories).ToList();
        Assert.Equal(6, files.Count);
        foreach (var entry in files)
        {
            Assert.Null(new FileInfo(entry).LinkTarget);
            Assert.Equal(File.ReadAllBytes(Path.Combine(images, Path.GetFileName(entry))), File.ReadAllBytes(entry));
        }
    }

    [Theory]
    [InlineData("--val-fraction", "1")]
    [InlineData("--val-fraction", "-0.1")]
    [InlineData("--link", "soft")]
    [InlineData("--bogus", "1")]
    public void RejectsBadOptions(string option, string value)
    {
        var images = CopyImages();
        var (code, _, error) = Run("split", "--images", images, "--out", Path.Combine(work, "split"), option, value);
        Assert.Equal(2, code);
        Assert.Contains("celldetect split:", error);
    }

    [Fact]
    public void AFolderWithoutAnnotatedImagesIsAUsageError()
    {
        var empty = Path.Combine(work, "empty");
        Directory.CreateDirectory(empty);
        var (code, _, error) = Run("split", "--images", empty, "--out", Path.Combine(work, "split"));
        Assert.Equal(2, code);
        Assert.Contains("No images with NAME.csv", error);
    }
}
