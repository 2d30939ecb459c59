namespace CellDetect.Model.Inference;

/// <summary>How patch predictions are computed over an image.</summary>
public enum ScanStrategy
{
    /// <summary>The whole window in one pass of the convolutional form (fast scanning), shifted for strides that are not multiples of 4 and with a strided first FC layer for coarse strides. The default.</summary>
    FullyConvolutional,

    /// <summary>Every 49 x 49 patch on its own, as the paper's SR-ss (reference and baseline).</summary>
    Patchwise,
}
