namespace CellDetect.Core.Imaging;

/// <summary>
/// A source seen through a model's input preparation: channels mapped, then each channel normalised
/// with ranges measured once for the whole image, so every tile is prepared identically. Non-finite
/// samples are left out of the ranges and read as 0 (see <see cref="PercentileNormalization"/>).
/// </summary>
public sealed class PreparedRegionSource(IRegionSource source, ChannelMapping channels, IReadOnlyList<ChannelRange> ranges) : IRegionSource
{
    public int Width => source.Width;

    public int Height => source.Height;

    public int Channels => channels.InputChannels();

    public SampleDescription Sample => SampleDescription.Float32;

    public PixelSize? PixelSize => source.PixelSize;

    public PlanarImage ReadRegion(PixelRegion region) => PercentileNormalization.Apply(channels.Apply(source.ReadRegion(region)), ranges);

    /// <summary>
    /// Normalisation ranges for a whole source: measured on the full image when it has at most
    /// <paramref name="maxPixels"/> pixels, otherwise on an 8 x 8 grid of 256 x 256 windows spread over it.
    /// </summary>
    public static IReadOnlyList<ChannelRange> MeasureRanges(IRegionSource source, ChannelMapping channels, PercentileNormalization normalization, long maxPixels = 16L << 20)
    {
        if ((long)source.Width * source.Height <= maxPixels)
        {
            return normalization.Measure(channels.Apply(source.ReadRegion(PixelRegion.Full(source.Width, source.Height))));
        }
        const int Grid = 8;
        const int Side = 256;
        var side = Math.Min(Side, Math.Min(source.Width, source.Height));
        var mosaic = new PlanarImage(side, side * Grid * Grid, channels.InputChannels(), source.Sample);
        for (int i = 0; i < Grid * Grid; i++)
        {
            var x = (int)((long)(source.Width - side) * (i % Grid) / (Grid - 1));
            var y = (int)((long)(source.Height - side) * (i / Grid) / (Grid - 1));
            var window = channels.Apply(source.ReadRegion(new PixelRegion(x, y, side, side)));
            for (int c = 0; c < window.Channels; c++)
            {
                window.Plane(c).CopyTo(mosaic.Plane(c).Slice(i * side * side, side * side));
            }
        }
        return normalization.Measure(mosaic);
    }
}
