namespace CellDetect.Cli.Training;

/// <summary>How held-out images are detected in a cross-validation: at a stride, plainly or with test-time augmentation (the 8 flips/rotations averaged).</summary>
public sealed record EvaluationVariant(int Stride, bool TestTimeAugmentation)
{
    /// <summary>"s4", "s4-tta": the variant's folder under fold-N/detections/ and its name in reports.</summary>
    public string Name => TestTimeAugmentation ? $"s{Stride}-tta" : $"s{Stride}";
}
