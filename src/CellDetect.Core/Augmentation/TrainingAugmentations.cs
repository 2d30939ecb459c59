namespace CellDetect.Core.Augmentation;

/// <summary>
/// The augmentations a training run applies to each crop, each switched on its own. The paper describes none;
/// <see cref="Dihedral"/> alone is this project's default since its first models (the eq. 1 labels transform
/// exactly with the image). The others are options to be measured by cross-validation.
/// </summary>
[Flags]
public enum TrainingAugmentations
{
    None = 0,

    /// <summary>One of the 8 flips and 90-degree rotations (<see cref="Imaging.DihedralTransform"/>), image and labels alike.</summary>
    Dihedral = 1,

    /// <summary>Stain jitter in haematoxylin-eosin-DAB space, for H&amp;E (<see cref="StainJitter"/>; RGB input only).</summary>
    Stain = 2,

    /// <summary>Brightness, contrast and gamma, for fluorescence (<see cref="IntensityJitter"/>).</summary>
    Intensity = 4,

    /// <summary>Resizing by 0.8 to 1.2 (<see cref="ScaleJitter"/>); the labels are drawn anew at the moved clicks.</summary>
    Scale = 8,

    /// <summary>Mild Gaussian blur (<see cref="GaussianBlur"/>).</summary>
    Blur = 16,

    /// <summary>Additive Gaussian noise (<see cref="GaussianNoise"/>).</summary>
    Noise = 32,
}

/// <summary>The names of <see cref="TrainingAugmentations"/> on command lines and in reports: "dihedral,stain", "none".</summary>
public static class TrainingAugmentationNames
{
    public static IReadOnlyList<(string Name, TrainingAugmentations Value)> Each { get; } =
    [
        ("dihedral", TrainingAugmentations.Dihedral),
        ("stain", TrainingAugmentations.Stain),
        ("intensity", TrainingAugmentations.Intensity),
        ("scale", TrainingAugmentations.Scale),
        ("blur", TrainingAugmentations.Blur),
        ("noise", TrainingAugmentations.Noise),
    ];

    public static string Format(TrainingAugmentations augmentations) =>
        augmentations == TrainingAugmentations.None ? "none" : string.Join(',', Each.Where(e => augmentations.HasFlag(e.Value)).Select(e => e.Name));

    /// <summary>"none" or names separated by commas (any case, any order); null when a name is unknown or "none" is combined.</summary>
    public static TrainingAugmentations? Parse(string text)
    {
        var names = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (names.Length == 1 && string.Equals(names[0], "none", StringComparison.OrdinalIgnoreCase))
        {
            return TrainingAugmentations.None;
        }
        var result = TrainingAugmentations.None;
        foreach (var name in names)
        {
            var match = Each.FirstOrDefault(e => string.Equals(e.Name, name, StringComparison.OrdinalIgnoreCase));
            if (match.Name is null)
            {
                return null;
            }
            result |= match.Value;
        }
        return names.Length == 0 ? null : result;
    }

    /// <summary>What each augmentation does, with its ranges, for a model's training summary.</summary>
    public static string Describe(TrainingAugmentations augmentations)
    {
        var parts = new List<string>();
        if (augmentations.HasFlag(TrainingAugmentations.Dihedral))
        {
            parts.Add("8 flips/90-degree rotations");
        }
        if (augmentations.HasFlag(TrainingAugmentations.Stain))
        {
            parts.Add(StainJitter.Description);
        }
        if (augmentations.HasFlag(TrainingAugmentations.Intensity))
        {
            parts.Add(IntensityJitter.Description);
        }
        if (augmentations.HasFlag(TrainingAugmentations.Scale))
        {
            parts.Add(ScaleJitter.Description);
        }
        if (augmentations.HasFlag(TrainingAugmentations.Blur))
        {
            parts.Add(GaussianBlur.Description);
        }
        if (augmentations.HasFlag(TrainingAugmentations.Noise))
        {
            parts.Add(GaussianNoise.Description);
        }
        return parts.Count == 0 ? "none" : string.Join("; ", parts);
    }
}
