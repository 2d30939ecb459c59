using CellDetect.Core.Detection;
using CellDetect.Core.Imaging;
using CellDetect.Model.Training;

namespace CellDetect.Model.Tests;

/// <summary>Fluorescence-like test images: Gaussian nuclei on a dim noisy background, with their true centres.</summary>
internal static class SyntheticCells
{
    public static TrainingSample Make(string name, int size, int cells, int seed)
    {
        var random = new Random(seed);
        var centres = new List<CellPoint>();
        while (centres.Count < cells)
        {
            var candidate = new CellPoint(4 + random.NextDouble() * (size - 8), 4 + random.NextDouble() * (size - 8));
            if (centres.All(c => Math.Pow(c.X - candidate.X, 2) + Math.Pow(c.Y - candidate.Y, 2) > 12 * 12))
            {
                centres.Add(candidate);
            }
        }
        var pixels = new float[size * size];
        for (int y = 0; y < size; y++)
        {
            for (int x = 0; x < size; x++)
            {
                double value = 20 + 6 * random.NextDouble();
                foreach (var c in centres)
                {
                    value += 200 * Math.Exp(-((x - c.X) * (x - c.X) + (y - c.Y) * (y - c.Y)) / (2 * 3.0 * 3.0));
                }
                pixels[y * size + x] = (float)Math.Min(255, value);
            }
        }
        return new TrainingSample(name, "synthetic", new PlanarImage(size, size, 1, pixels, SampleDescription.UInt8), centres);
    }
}
