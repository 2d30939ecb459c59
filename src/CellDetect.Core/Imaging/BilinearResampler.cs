namespace CellDetect.Core.Imaging;

/// <summary>
/// Resamples an image to a new size with pixel centres aligned: output pixel x sits at input
/// (x + 0.5) / scale - 0.5. Enlarging interpolates bilinearly; shrinking averages the input pixels each output
/// pixel covers (weighted by overlap), so that no detail aliases: a halved image's pixel is the mean of 2x2.
/// Separable: rows first, then columns.
/// </summary>
public static class BilinearResampler
{
    public static PlanarImage Resize(PlanarImage image, int width, int height, PixelSize? pixelSize)
    {
        var columns = AxisWeights.For(image.Width, width);
        var rows = AxisWeights.For(image.Height, height);
        var result = new PlanarImage(width, height, image.Channels, image.Sample, pixelSize);
        var resizedRows = new float[image.Height * width];
        for (int c = 0; c < image.Channels; c++)
        {
            var source = image.Plane(c);
            for (int y = 0; y < image.Height; y++)
            {
                columns.Resample(source.Slice(y * image.Width, image.Width), resizedRows.AsSpan(y * width, width), stride: 1);
            }
            var target = result.Plane(c);
            for (int x = 0; x < width; x++)
            {
                rows.Resample(resizedRows.AsSpan(x), target[x..], stride: width);
            }
        }
        return result;
    }

    /// <summary>Maps a coordinate in the resized image back to the original (pixel-centre convention).</summary>
    public static double ToOriginal(double resized, double scale) => (resized + 0.5) / scale - 0.5;

    /// <summary>Maps a coordinate of the original image into the resized one (pixel-centre convention).</summary>
    public static double ToResized(double original, double scale) => (original + 0.5) * scale - 0.5;

    /// <summary>For each output sample along one axis, the input samples it is made of and their weights (summing to 1).</summary>
    private sealed class AxisWeights
    {
        private readonly int[] first;
        private readonly int[] count;
        private readonly int[] indices;
        private readonly float[] weights;

        private AxisWeights(int[] first, int[] count, int[] indices, float[] weights)
        {
            this.first = first;
            this.count = count;
            this.indices = indices;
            this.weights = weights;
        }

        public static AxisWeights For(int inputLength, int outputLength)
        {
            var scale = (double)outputLength / inputLength;
            var first = new int[outputLength];
            var count = new int[outputLength];
            var indices = new List<int>();
            var weights = new List<float>();
            for (int o = 0; o < outputLength; o++)
            {
                first[o] = indices.Count;
                if (scale >= 1)
                {
                    var position = Math.Clamp(ToOriginal(o, scale), 0, inputLength - 1);
                    var i0 = (int)position;
                    var fraction = (float)(position - i0);
                    indices.AddRange([i0, Math.Min(i0 + 1, inputLength - 1)]);
                    weights.AddRange([1 - fraction, fraction]);
                }
                else
                {
                    // The output pixel covers input edge coordinates [o / scale, (o + 1) / scale).
                    var (start, end) = (o / scale, Math.Min(inputLength, (o + 1) / scale));
                    for (int i = (int)start; i < end; i++)
                    {
                        var overlap = Math.Min(end, i + 1) - Math.Max(start, i);
                        if (overlap > 1e-9)
                        {
                            indices.Add(i);
                            weights.Add((float)(overlap / (end - start)));
                        }
                    }
                }
                count[o] = indices.Count - first[o];
            }
            return new AxisWeights(first, count, indices.ToArray(), weights.ToArray());
        }

        /// <summary>Resamples a line whose samples are <paramref name="stride"/> apart in both spans.</summary>
        public void Resample(ReadOnlySpan<float> input, Span<float> output, int stride)
        {
            for (int o = 0; o < first.Length; o++)
            {
                float sum = 0;
                for (int k = first[o]; k < first[o] + count[o]; k++)
                {
                    sum += input[indices[k] * stride] * weights[k];
                }
                output[o * stride] = sum;
            }
        }
    }
}
