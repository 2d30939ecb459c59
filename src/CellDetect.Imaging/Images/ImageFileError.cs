namespace CellDetect.Imaging.Images;

/// <summary>
/// Builds the exception for a file that cannot be read as an image (unknown format, truncated or corrupt
/// data, an unsupported layout, a page that does not exist). <see cref="InvalidDataException"/> is sealed,
/// so it is used as is; the message always starts with the file path, then the problem.
/// </summary>
public static class ImageFileError
{
    public static InvalidDataException Create(string path, string problem, Exception? inner = null) => new($"{path}: {problem}", inner);
}
