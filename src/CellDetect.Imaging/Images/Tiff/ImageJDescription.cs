using System.Globalization;

namespace CellDetect.Imaging.Images.Tiff;

/// <summary>
/// The key=value lines ImageJ writes into ImageDescription ("ImageJ=1.53t\nimages=6\nchannels=2\n...").
/// Hyperstack planes are stored channel-fastest (c, then z, then t).
/// </summary>
internal sealed record ImageJDescription(int Channels, int Slices, int Frames, int Images, string? Unit, double? Spacing)
{
    public static ImageJDescription? Parse(string? description)
    {
        if (description is null || !description.StartsWith("ImageJ=", StringComparison.Ordinal))
        {
            return null;
        }
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in description.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var equals = line.IndexOf('=');
            if (equals > 0)
            {
                values[line[..equals]] = line[(equals + 1)..];
            }
        }
        int Count(string key) => values.TryGetValue(key, out var text) && int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : 1;
        var channels = Count("channels");
        var slices = Count("slices");
        var frames = Count("frames");
        var images = values.ContainsKey("images") ? Count("images") : channels * slices * frames;
        double? spacing = values.TryGetValue("spacing", out var s) && double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var z) && z > 0 && double.IsFinite(z) ? z : null;
        return new ImageJDescription(channels, slices, frames, images, values.GetValueOrDefault("unit"), spacing);
    }
}
