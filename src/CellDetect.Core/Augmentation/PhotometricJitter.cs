namespace CellDetect.Core.Augmentation;

/// <summary>
/// The augmentations that change pixel values only (not where anything is), applied to a crop of the normalised input
/// in a fixed order, stain, intensity, blur, noise, each drawing from the generator only when it is switched on: a run
/// with the same seed and switches sees the same crops.
/// </summary>
public sealed class PhotometricJitter(TrainingAugmentations augmentations)
{
    /// <summary>Jitters a crop given as <paramref name="channels"/> planes of <paramref name="size"/> x <paramref name="size"/>, in place.</summary>
    public void Apply(Span<float> planes, int channels, int size, Random random)
    {
        if (augmentations.HasFlag(TrainingAugmentations.Stain))
        {
            StainJitter.Draw(random).Apply(planes, size * size);
        }
        if (augmentations.HasFlag(TrainingAugmentations.Intensity))
        {
            IntensityJitter.Draw(random).Apply(planes);
        }
        if (augmentations.HasFlag(TrainingAugmentations.Blur))
        {
            GaussianBlur.Draw(random).Apply(planes, size, size);
        }
        if (augmentations.HasFlag(TrainingAugmentations.Noise))
        {
            GaussianNoise.Draw(random).Apply(planes, random);
        }
    }
}
