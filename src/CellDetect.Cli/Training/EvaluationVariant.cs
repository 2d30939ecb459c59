namespace CellDetect.Cli.Training;

/// <summary>How held-out images are detected in a cross-validation: plainly, or with test-time augmentation (the 8 flips/rotations averaged).</summary>
public sealed record EvaluationVariant(string Name, bool TestTimeAugmentation)
{
    public static EvaluationVariant Plain { get; } = new("plain", false);

    public static EvaluationVariant Averaged { get; } = new("tta", true);
}
