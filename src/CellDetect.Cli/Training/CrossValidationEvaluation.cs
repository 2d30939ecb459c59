namespace CellDetect.Cli.Training;

/// <summary>
/// How a cross-validation detects its held-out images: at each stride, plainly and (with TestTimeAugmentation) with the
/// 8 flips/rotations averaged, in the given number format, for every candidate peak radius. It can change between
/// runs into the same folder: the trained fold models are kept and only detected again.
/// </summary>
public sealed record CrossValidationEvaluation(IReadOnlyList<int> Strides, IReadOnlyList<int> PeakRadii, bool TestTimeAugmentation, string Precision)
{
    public IReadOnlyList<EvaluationVariant> Variants =>
        Strides.SelectMany(stride => TestTimeAugmentation ? new[] { new EvaluationVariant(stride, false), new EvaluationVariant(stride, true) } : new[] { new EvaluationVariant(stride, false) }).ToList();
}
