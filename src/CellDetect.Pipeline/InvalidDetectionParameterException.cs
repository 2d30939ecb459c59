namespace CellDetect.Pipeline;

/// <summary>
/// A detection parameter, page or region that cannot be used. <see cref="Parameter"/> names it as
/// <see cref="DetectionRequest"/> does in camelCase ("stride", "threshold", "keepMap"), or "page" and
/// "region" for the input, so that a front end can point at the option to fix; <see cref="Bounds"/>
/// holds the limits that help fix it ("minimum"/"maximum", the file's "pages", the image's "width"/"height").
/// </summary>
public sealed class InvalidDetectionParameterException(string parameter, string message, IReadOnlyDictionary<string, double>? bounds = null)
    : ArgumentException(message)
{
    public string Parameter { get; } = parameter;

    public IReadOnlyDictionary<string, double> Bounds { get; } = bounds ?? new Dictionary<string, double>();

    public static InvalidDetectionParameterException OutOfRange(string parameter, string message, double minimum, double maximum) =>
        new(parameter, message, new Dictionary<string, double> { ["minimum"] = minimum, ["maximum"] = maximum });
}
