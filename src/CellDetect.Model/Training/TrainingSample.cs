using CellDetect.Core.Detection;
using CellDetect.Core.Imaging;

namespace CellDetect.Model.Training;

/// <summary>One annotated image as read from disk: original samples and the clicked cell centres.</summary>
public sealed record TrainingSample(string Name, string DataSet, PlanarImage Image, IReadOnlyList<CellPoint> Cells);
