namespace CellDetect.Core.Detection;

/// <summary>
/// One cell centre in 0-based pixel coordinates, (0,0) being the centre of the top-left pixel.
/// Score is the detector's peak proximity (1 for annotations); Class is optional.
/// </summary>
public readonly record struct CellPoint(double X, double Y, double Score = 1.0, string? Class = null);
