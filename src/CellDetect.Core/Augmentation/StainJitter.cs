namespace CellDetect.Core.Augmentation;

/// <summary>
/// H&amp;E stain variation: each stain amount of <see cref="HedColourDeconvolution"/> is scaled by 1 +- 5% and shifted
/// by +- 0.05 (optical density), drawn once per crop, then turned back into RGB: the "HED light" jitter of Tellez et
/// al. (IEEE TMI 2018), which imitates other labs' staining without changing what is a nucleus.
/// </summary>
public sealed record StainJitter(double ScaleH, double ScaleE, double ScaleD, double ShiftH, double ShiftE, double ShiftD)
{
    public const double MaxScaleChange = 0.05;
    public const double MaxShift = 0.05;

    public static string Description => FormattableString.Invariant($"stain jitter in HED space (Ruifrok-Johnston vectors, each stain x U(1 - {MaxScaleChange}, 1 + {MaxScaleChange}) + U(-{MaxShift}, {MaxShift}))");

    public static StainJitter Draw(Random random)
    {
        double Scale() => random.Uniform(1 - MaxScaleChange, 1 + MaxScaleChange);
        double Shift() => random.Uniform(-MaxShift, MaxShift);
        return new StainJitter(Scale(), Scale(), Scale(), Shift(), Shift(), Shift());
    }

    /// <summary>Jitters an RGB image given as three planes of <paramref name="planeLength"/> samples, in place.</summary>
    public void Apply(Span<float> planes, int planeLength)
    {
        if (planes.Length != 3 * planeLength)
        {
            throw new ArgumentException($"Stain jitter needs 3 colour planes of {planeLength} samples, got {planes.Length} samples.", nameof(planes));
        }
        var red = planes[..planeLength];
        var green = planes.Slice(planeLength, planeLength);
        var blue = planes.Slice(2 * planeLength, planeLength);
        for (int i = 0; i < planeLength; i++)
        {
            var (h, e, d) = HedColourDeconvolution.ToStains(red[i], green[i], blue[i]);
            var (r, g, b) = HedColourDeconvolution.ToRgb(h * ScaleH + ShiftH, e * ScaleE + ShiftE, d * ScaleD + ShiftD);
            (red[i], green[i], blue[i]) = ((float)r, (float)g, (float)b);
        }
    }
}
