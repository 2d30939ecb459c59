namespace CellDetect.Model.Files;

/// <summary>
/// How the recipe a model was trained with scored under k-fold cross-validation (<c>celldetect crossval</c>), recorded by
/// <c>calibrate --from-crossval</c> along with the operating point chosen on all folds. The figures are the recipe's, measured on
/// fold models that never saw the images they were scored on; the model itself was trained on all of them.
/// </summary>
public sealed record CrossValidationSummary
{
    public int Folds { get; init; }

    public int Seed { get; init; }

    /// <summary>The recipe as the report states it: augmentations, cell diameter, epochs and steps, time limit.</summary>
    public string Recipe { get; init; } = "";

    /// <summary>The detection variant the figures are for ("s4", "s8-tta").</summary>
    public string Variant { get; init; } = "";

    public int Stride { get; init; }

    public bool TestTimeAugmentation { get; init; }

    public IReadOnlyList<CrossValidatedScore> DataSets { get; init; } = Array.Empty<CrossValidatedScore>();
}

/// <summary>A data set's cross-validated F1: mean and standard deviation over the folds, and how many images it had.</summary>
public sealed record CrossValidatedScore(string DataSet, int Images, double F1Mean, double F1StandardDeviation);
