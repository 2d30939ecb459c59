using CellDetect.Core.Detection;
using CellDetect.Core.Imaging;
using CellDetect.Imaging.Annotations;
using CellDetect.Imaging.Images;

namespace CellDetect.Cli.Data;

/// <summary>A folder of images, each paired with NAME.csv holding its clicked cell centres.</summary>
public sealed class AnnotatedImageFolder
{
    private static readonly string[] ImageExtensions = { ".tif", ".tiff", ".png", ".jpg", ".jpeg", ".bmp" };

    private readonly ImageFileReader reader;

    public AnnotatedImageFolder(ImageFileReader reader)
    {
        this.reader = reader;
    }

    /// <summary>Image paths under <paramref name="directory"/> that have a NAME.csv beside them, by name.</summary>
    public static IReadOnlyList<string> AnnotatedImages(string directory)
    {
        if (!Directory.Exists(directory))
        {
            throw new DirectoryNotFoundException($"Image folder '{directory}' does not exist.");
        }
        return ImagesIn(directory).Where(path => File.Exists(CsvFor(path))).ToList();
    }

    public static IReadOnlyList<string> ImagesIn(string directory) =>
        Directory.EnumerateFiles(directory)
            .Where(path => ImageExtensions.Contains(Path.GetExtension(path).ToLowerInvariant()))
            .OrderBy(path => path, StringComparer.Ordinal)
            .ToList();

    public static string CsvFor(string imagePath) => Path.ChangeExtension(imagePath, ".csv");

    public (PlanarImage Image, IReadOnlyList<CellPoint> Cells) Load(string imagePath) =>
        (reader.Read(imagePath), PointsCsv.Read(CsvFor(imagePath)));
}
