namespace CellDetect.Cli.Training;

/// <summary>
/// How a cross-validation detects its held-out images: at each stride, plainly and (with TestTimeAugmentation) with the
/// 8 flips/rotations averaged, in the given number format, for every candidate peak radius. It can change between
/// runs into the same folder: the trained fold models are kept and only detected again.
/// </summary>
/// <param name="DiameterFromImage">
/// With a recipe trained at one cell diameter: estimate each held-out image's cell diameter from the image itself
/// (<see cref="Core.Datasets.CellDiameterEstimator.EstimateFromImage"/>), as a user's uncalibrated image would be, instead
/// of its folder's diameter estimated from the fold's training clicks. Left out of the JSON when false, so plans written
/// before it existed still match.
/// </param>
public sealed record CrossValidationEvaluation(
    IReadOnlyList<int> Strides, IReadOnlyList<int> PeakRadii, bool TestTimeAugmentation, string Precision,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingDefault)] bool DiameterFromImage = false)
{
    public IReadOnlyList<EvaluationVariant> Variants =>
        Strides.SelectMany(stride => TestTimeAugmentation ? new[] { new EvaluationVariant(stride, false), new EvaluationVariant(stride, true) } : new[] { new EvaluationVariant(stride, false) }).ToList();
}
