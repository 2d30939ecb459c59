using CellDetect.Core.Detection;
using CellDetect.Core.Imaging;
using CellDetect.Imaging.Annotations;
using CellDetect.Imaging.Images;
using CellDetect.Model.Training;

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

    /// <summary>The data set a folder holds: its name, or its parent's when it is a split folder (train, val).</summary>
    public static string DataSetName(string directory)
    {
        var full = Path.GetFullPath(directory).TrimEnd('/');
        var name = Path.GetFileName(full);
        return name is "train" or "val" ? Path.GetFileName(Path.GetDirectoryName(full)!) : name;
    }

    public static string CsvFor(string imagePath) => Path.ChangeExtension(imagePath, ".csv");

    public (PlanarImage Image, IReadOnlyList<CellPoint> Cells) Load(string imagePath) =>
        (reader.Read(imagePath), PointsCsv.Read(CsvFor(imagePath)));

    /// <summary>Every annotated image of a folder, named as its data set (the folder's name, or its parent's for train/ and val/).</summary>
    public (string DataSet, IReadOnlyList<TrainingSample> Samples) LoadDataSet(string directory)
    {
        var dataSet = DataSetName(directory);
        var images = AnnotatedImages(directory);
        if (images.Count == 0)
        {
            throw new Commands.UsageException($"No images with NAME.csv point files in '{directory}'.");
        }
        var samples = images.Select(path =>
        {
            var (image, cells) = Load(path);
            return new TrainingSample(Path.GetFileNameWithoutExtension(path), dataSet, image, cells);
        }).ToList();
        return (dataSet, samples);
    }
}
