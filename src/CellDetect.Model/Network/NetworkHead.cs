namespace CellDetect.Model.Network;

/// <summary>
/// What the last layer predicts. Structured regression is the method; the two pixel-wise heads are
/// the paper's comparison variants (PWR, PWC), kept for the ablation.
/// </summary>
public enum NetworkHead
{
    /// <summary>SR: the 17 x 17 proximity patch around the centre (sigmoid, eq. 3 loss).</summary>
    StructuredRegression,

    /// <summary>PWR: the proximity value of the centre pixel only (sigmoid, eq. 3 loss).</summary>
    PixelRegression,

    /// <summary>PWC: is the centre pixel within r of a cell centre (two-way softmax, cross-entropy).</summary>
    PixelClassification,
}

public static class NetworkHeadExtensions
{
    /// <summary>Side of the square proximity patch that one prediction covers.</summary>
    public static int PatchSize(this NetworkHead head) => head == NetworkHead.StructuredRegression ? StructuredRegressionNetwork.ProximityPatchSize : 1;

    public static int OutputUnits(this NetworkHead head) => head switch
    {
        NetworkHead.StructuredRegression => StructuredRegressionNetwork.ProximityPatchSize * StructuredRegressionNetwork.ProximityPatchSize,
        NetworkHead.PixelRegression => 1,
        _ => 2,
    };
}
