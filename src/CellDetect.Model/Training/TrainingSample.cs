using CellDetect.Core.Detection;
using CellDetect.Core.Evaluation;
using CellDetect.Core.Imaging;

namespace CellDetect.Model.Training;

/// <summary>One annotated image as read from disk: original samples and the clicked cell centres.</summary>
public sealed record TrainingSample(string Name, string DataSet, PlanarImage Image, IReadOnlyList<CellPoint> Cells)
{
    /// <summary>
    /// Pixels of <see cref="Image"/> per pixel of the file it was read from, across and down: 1 unless the image was
    /// rescaled to train at one cell size (its <see cref="Cells"/> moved with it).
    /// </summary>
    public (double X, double Y) Scale { get; init; } = (1, 1);

    /// <summary>
    /// The clicks and <paramref name="detections"/> (in <see cref="Image"/>'s pixels) in the file's pixels, where detect
    /// reports cells and the 5 px matching rule holds: validation must not match a rescaled image's cells more loosely
    /// or strictly than detection is judged.
    /// </summary>
    public EvaluationImage InFilePixels(IReadOnlyList<CellPoint> detections) =>
        Scale == (1, 1) ? new EvaluationImage(Name, Cells, detections) : new EvaluationImage(Name, ToFile(Cells), ToFile(detections));

    private List<CellPoint> ToFile(IReadOnlyList<CellPoint> points) =>
        points.Select(p => p with { X = BilinearResampler.ToOriginal(p.X, Scale.X), Y = BilinearResampler.ToOriginal(p.Y, Scale.Y) }).ToList();
}
