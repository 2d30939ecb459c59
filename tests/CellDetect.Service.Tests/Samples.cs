using System.Text.Json;
using CellDetect.Core.Imaging;
using CellDetect.Imaging.Images;
using CellDetect.Tests.Shared;

namespace CellDetect.Service.Tests;

/// <summary>The bundled sample images, and images encoded as a host sends them: raw pixels of a type and layout.</summary>
internal static class Samples
{
    /// <summary>500 x 500 RGB H&amp;E, 8-bit.</summary>
    public static string HeColon { get; } = Path.Combine(RepositoryRoot.Path, "samples", "he-colon-crchisto-img14.tif");

    /// <summary>1024 x 768 single-channel Hoechst fluorescence, 8-bit.</summary>
    public static string Fluorescence { get; } = Path.Combine(RepositoryRoot.Path, "samples", "fluo-hoechst-huh7-23.tif");

    public static ImageFileReader Reader { get; } = new();

    /// <summary>
    /// Pixels of <paramref name="image"/> as <paramref name="dtype"/> ("u8", "u16", "f32"): 16-bit samples scaled to
    /// their range (x 257), float to 0..1. Normalisation is by percentiles, so every type gives the detector the same input.
    /// </summary>
    public static byte[] Encode(PlanarImage image, string dtype, bool planar)
    {
        var size = dtype switch { "u8" => 1, "u16" => 2, _ => 4 };
        var bytes = new byte[image.Pixels.Length * size];
        for (int c = 0; c < image.Channels; c++)
        {
            for (int p = 0; p < image.PlaneLength; p++)
            {
                var index = planar ? c * image.PlaneLength + p : p * image.Channels + c;
                var value = image.Pixels[c * image.PlaneLength + p];
                var target = bytes.AsSpan(index * size, size);
                switch (dtype)
                {
                    case "u8":
                        target[0] = (byte)value;
                        break;
                    case "u16":
                        BitConverter.TryWriteBytes(target, (ushort)(value * 257));
                        break;
                    default:
                        BitConverter.TryWriteBytes(target, value / 255f);
                        break;
                }
            }
        }
        return bytes;
    }

    /// <summary>A synthetic 16-bit frame tiled from the fluorescence sample: enough tiles for a detection that runs for seconds.</summary>
    public static byte[] LargeFrame(int side)
    {
        var texture = Reader.Read(Fluorescence);
        var bytes = new byte[side * side * 2];
        for (int y = 0; y < side; y++)
        {
            for (int x = 0; x < side; x++)
            {
                BitConverter.TryWriteBytes(bytes.AsSpan((y * side + x) * 2), (ushort)(texture[0, y % texture.Height, x % texture.Width] * 257));
            }
        }
        return bytes;
    }

    /// <summary>The points of a detect result as (x, y, score).</summary>
    public static List<(double X, double Y, double Score)> Points(JsonElement result) =>
        result.GetProperty("points").EnumerateArray().Select(p => (p.GetProperty("x").GetDouble(), p.GetProperty("y").GetDouble(), p.GetProperty("score").GetDouble())).ToList();

    public static void AssertSamePoints(IReadOnlyList<(double X, double Y, double Score)> expected, IReadOnlyList<(double X, double Y, double Score)> actual, double tolerance = 1e-3)
    {
        Assert.NotEmpty(expected);
        Assert.Equal(expected.Count, actual.Count);
        var sortedExpected = expected.OrderBy(p => p.Y).ThenBy(p => p.X).ToList();
        var sortedActual = actual.OrderBy(p => p.Y).ThenBy(p => p.X).ToList();
        for (int i = 0; i < sortedExpected.Count; i++)
        {
            Assert.True(Math.Abs(sortedExpected[i].X - sortedActual[i].X) <= tolerance && Math.Abs(sortedExpected[i].Y - sortedActual[i].Y) <= tolerance
                && Math.Abs(sortedExpected[i].Score - sortedActual[i].Score) <= tolerance, $"point {i}: expected {sortedExpected[i]}, got {sortedActual[i]}");
        }
    }
}
