namespace CellDetect.Core.Augmentation;

/// <summary>
/// Colour deconvolution (Ruifrok and Johnston, Anal. Quant. Cytol. Histol. 2001): optical density
/// OD = -ln(intensity) is a mix of three stains, OD = h H + e E + d DAB, with the authors' unit stain vectors
/// for haematoxylin, eosin and DAB; the stain amounts (h, e, d) are OD times the inverse of that matrix.
/// Intensities are the model's normalised input (background about 1); below <see cref="Floor"/> they are clipped,
/// and above 1 they give a negative density, which the round trip keeps.
/// </summary>
public static class HedColourDeconvolution
{
    /// <summary>Lowest intensity converted; darker pixels read as this (an OD of about 6.9).</summary>
    public const double Floor = 1e-3;

    /// <summary>Rows: the optical density of one unit of haematoxylin, eosin, DAB in R, G, B.</summary>
    private static readonly double[,] StainToDensity = Normalised(new double[,]
    {
        { 0.650, 0.704, 0.286 },
        { 0.072, 0.990, 0.105 },
        { 0.268, 0.570, 0.776 },
    });

    private static readonly double[,] DensityToStain = Inverse(StainToDensity);

    /// <summary>Stain amounts (h, e, d) of an RGB intensity.</summary>
    public static (double H, double E, double D) ToStains(double red, double green, double blue)
    {
        var od = (R: Density(red), G: Density(green), B: Density(blue));
        var m = DensityToStain;
        return (od.R * m[0, 0] + od.G * m[1, 0] + od.B * m[2, 0],
                od.R * m[0, 1] + od.G * m[1, 1] + od.B * m[2, 1],
                od.R * m[0, 2] + od.G * m[1, 2] + od.B * m[2, 2]);
    }

    /// <summary>The RGB intensity of stain amounts (h, e, d).</summary>
    public static (double Red, double Green, double Blue) ToRgb(double h, double e, double d)
    {
        var m = StainToDensity;
        return (Math.Exp(-(h * m[0, 0] + e * m[1, 0] + d * m[2, 0])),
                Math.Exp(-(h * m[0, 1] + e * m[1, 1] + d * m[2, 1])),
                Math.Exp(-(h * m[0, 2] + e * m[1, 2] + d * m[2, 2])));
    }

    private static double Density(double intensity) => -Math.Log(Math.Max(intensity, Floor));

    private static double[,] Normalised(double[,] rows)
    {
        for (int r = 0; r < 3; r++)
        {
            var length = Math.Sqrt(rows[r, 0] * rows[r, 0] + rows[r, 1] * rows[r, 1] + rows[r, 2] * rows[r, 2]);
            for (int c = 0; c < 3; c++)
            {
                rows[r, c] /= length;
            }
        }
        return rows;
    }

    /// <summary>The inverse of a 3x3 matrix by cofactors.</summary>
    private static double[,] Inverse(double[,] m)
    {
        double Cofactor(int r, int c)
        {
            int r0 = (r + 1) % 3, r1 = (r + 2) % 3, c0 = (c + 1) % 3, c1 = (c + 2) % 3;
            return m[r0, c0] * m[r1, c1] - m[r0, c1] * m[r1, c0];
        }
        var determinant = m[0, 0] * Cofactor(0, 0) + m[0, 1] * Cofactor(0, 1) + m[0, 2] * Cofactor(0, 2);
        var inverse = new double[3, 3];
        for (int r = 0; r < 3; r++)
        {
            for (int c = 0; c < 3; c++)
            {
                inverse[c, r] = Cofactor(r, c) / determinant;
            }
        }
        return inverse;
    }
}
