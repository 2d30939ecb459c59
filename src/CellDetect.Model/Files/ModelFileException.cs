namespace CellDetect.Model.Files;

/// <summary>
/// A model file that is missing, damaged, edited, made for another architecture, or holds values a model cannot
/// run with; or a model that cannot be saved (non-finite weights). The message names the file.
/// </summary>
public sealed class ModelFileException(string message, Exception? inner = null) : IOException(message, inner);
