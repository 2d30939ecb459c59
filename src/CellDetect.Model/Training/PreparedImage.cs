using CellDetect.Core.Detection;
using CellDetect.Core.Imaging;

namespace CellDetect.Model.Training;

/// <summary>A training image in the model's input space (mapped channels, normalised) with its proximity mask.</summary>
internal sealed class PreparedImage
{
    public PreparedImage(TrainingSample sample, ChannelMapping channels, PercentileNormalization normalization, ProximityMask mask)
    {
        Sample = sample;
        Input = normalization.Normalize(channels.Apply(sample.Image));
        Mask = mask.Render(Input.Width, Input.Height, sample.Cells);
    }

    public TrainingSample Sample { get; }

    public PlanarImage Input { get; }

    public float[] Mask { get; }
}
