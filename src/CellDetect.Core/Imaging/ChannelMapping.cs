namespace CellDetect.Core.Imaging;

/// <summary>How an image's channels become the model's input channels. Stored in the model file.</summary>
public enum ChannelMapping
{
    /// <summary>Three channels as they are (RGB brightfield); a single-channel image is repeated, an alpha channel dropped.</summary>
    Rgb,

    /// <summary>One channel: the mean of the image's colour channels (fluorescence, whatever the file's colour model).</summary>
    Gray,
}

public static class ChannelMappingExtensions
{
    public static int InputChannels(this ChannelMapping mapping) => mapping == ChannelMapping.Rgb ? 3 : 1;

    public static PlanarImage Apply(this ChannelMapping mapping, PlanarImage image)
    {
        var colourChannels = image.Channels == 4 ? 3 : image.Channels;
        var result = new PlanarImage(image.Width, image.Height, mapping.InputChannels(), image.Sample, image.PixelSize);
        if (mapping == ChannelMapping.Rgb)
        {
            for (int c = 0; c < 3; c++)
            {
                image.Plane(colourChannels == 3 ? c : 0).CopyTo(result.Plane(c));
            }
            return result;
        }
        var target = result.Plane(0);
        for (int c = 0; c < colourChannels; c++)
        {
            var source = image.Plane(c);
            for (int i = 0; i < target.Length; i++)
            {
                target[i] += source[i] / colourChannels;
            }
        }
        return result;
    }
}
