namespace CellDetect.Model.Files;

/// <summary>A model file that is missing, damaged or made for another architecture; the message names the file.</summary>
public sealed class ModelFileException(string message, Exception? inner = null) : IOException(message, inner);
