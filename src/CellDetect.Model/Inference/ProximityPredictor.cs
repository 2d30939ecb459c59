using CellDetect.Core.Detection;
using CellDetect.Core.Imaging;
using CellDetect.Model.Network;
using TorchSharp;
using static TorchSharp.torch;

namespace CellDetect.Model.Inference;

/// <summary>
/// Computes the fused proximity map of a normalised image with patch centres on a grid of stride S.
/// The image is processed in output tiles; each tile gathers every patch whose neighbourhood reaches
/// into it, reading input with a margin of half a patch plus half a proximity patch (reflected at the
/// image border), so tiles fuse to exactly the whole-image map with no seams.
/// </summary>
public sealed class ProximityPredictor
{
    private const int HalfPatch = StructuredRegressionNetwork.InputPatchSize / 2;
    private const int Step = StructuredRegressionNetwork.OutputStride;
    private const int PatchwiseBatch = 256;

    private readonly StructuredRegressionNetwork network;
    private readonly Device device;

    public ProximityPredictor(StructuredRegressionNetwork network, Device device)
    {
        this.network = network;
        this.device = device;
    }

    /// <summary>Side of the output tiles; bounds memory (the FC1 activations of one tile pass).</summary>
    public int TileSize { get; init; } = 512;

    public float[] Predict(PlanarImage image, int stride, ScanStrategy strategy = ScanStrategy.FullyConvolutional, IProgress<TileProgress>? progress = null, CancellationToken cancellation = default)
    {
        if (image.Channels != network.InputChannels)
        {
            throw new ArgumentException($"The model expects {network.InputChannels} channel(s); the image has {image.Channels}.", nameof(image));
        }
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(stride);
                var map = new float[image.Width * image.Height];
        var tilesX = (image.Width + TileSize - 1) / TileSize;
        var tilesY = (image.Height + TileSize - 1) / TileSize;
        network.eval();
        using var inference = torch.inference_mode();
        for (int ty = 0; ty < tilesY; ty++)
        {
            for (int tx = 0; tx < tilesX; tx++)
            {
                cancellation.ThrowIfCancellationRequested();
                var left = tx * TileSize;
                var top = ty * TileSize;
                var fusion = new ProximityFusion(left, top, Math.Min(TileSize, image.Width - left), Math.Min(TileSize, image.Height - top), network.Head.PatchSize());
                var xs = CentresReaching(fusion.Left, fusion.Width, image.Width, stride, fusion.PatchSize);
                var ys = CentresReaching(fusion.Top, fusion.Height, image.Height, stride, fusion.PatchSize);
                if (strategy == ScanStrategy.Patchwise)
                {
                    ScanPatchwise(image, xs, ys, fusion);
                }
                else
                {
                    ScanConvolutional(image, xs, ys, fusion);
                }
                var tile = fusion.Mean();
                for (int y = 0; y < fusion.Height; y++)
                {
                    tile.AsSpan(y * fusion.Width, fusion.Width).CopyTo(map.AsSpan((top + y) * image.Width + left, fusion.Width));
                }
                progress?.Report(new TileProgress(ty * tilesX + tx + 1, tilesX * tilesY));
            }
        }
        return map;
    }

    /// <summary>Grid positions (multiples of the stride inside the image) whose patch reaches [start, start + length).</summary>
    private static int[] CentresReaching(int start, int length, int extent, int stride, int patchSize)
    {
        var half = patchSize / 2;
        var first = Math.Max(0, start - half);
        first = (first + stride - 1) / stride * stride;
        var last = Math.Min(extent - 1, start + length - 1 + half);
        var centres = new List<int>();
        for (int c = first; c <= last; c += stride)
        {
            centres.Add(c);
        }
        return centres.ToArray();
    }

    private void ScanConvolutional(PlanarImage image, int[] xs, int[] ys, ProximityFusion fusion)
    {
        foreach (var columns in GroupByResidue(xs))
        {
            foreach (var rows in GroupByResidue(ys))
            {
                using var scope = torch.NewDisposeScope();
                var first = (X: columns[0], Y: rows[0]);
                var spacing = columns.Length > 1 ? columns[1] - columns[0] : rows.Length > 1 ? rows[1] - rows[0] : Step;
                var outputsX = columns.Length;
                var outputsY = rows.Length;
                using var input = ReadWindow(image, first.X - HalfPatch, first.Y - HalfPatch, (outputsX - 1) * spacing + 2 * HalfPatch + 1, (outputsY - 1) * spacing + 2 * HalfPatch + 1);
                var prediction = network.Activate(network.Forward(input.to(device), spacing / Step)).cpu();
                var values = prediction.data<float>().ToArray();
                var plane = outputsX * outputsY;
                foreach (var cy in rows)
                {
                    foreach (var cx in columns)
                    {
                        var offset = (cy - first.Y) / spacing * outputsX + (cx - first.X) / spacing;
                        fusion.Vote(cx, cy, values.AsSpan(offset), plane);
                    }
                }
            }
        }
    }

    private void ScanPatchwise(PlanarImage image, int[] xs, int[] ys, ProximityFusion fusion)
    {
        var centres = ys.SelectMany(y => xs.Select(x => (X: x, Y: y))).ToArray();
        var size = StructuredRegressionNetwork.InputPatchSize;
        for (int start = 0; start < centres.Length; start += PatchwiseBatch)
        {
            using var scope = torch.NewDisposeScope();
            var batch = centres.AsSpan(start, Math.Min(PatchwiseBatch, centres.Length - start)).ToArray();
            var buffer = new float[batch.Length * image.Channels * size * size];
            for (int b = 0; b < batch.Length; b++)
            {
                CopyWindow(image, batch[b].X - HalfPatch, batch[b].Y - HalfPatch, size, size, buffer.AsSpan(b * image.Channels * size * size));
            }
            var input = torch.tensor(buffer, new long[] { batch.Length, image.Channels, size, size });
            var prediction = network.Activate(network.call(input.to(device))).cpu();
            var values = prediction.data<float>().ToArray();
            var units = values.Length / batch.Length;
            for (int b = 0; b < batch.Length; b++)
            {
                fusion.Vote(batch[b].X, batch[b].Y, values.AsSpan(b * units, units));
            }
        }
    }

    /// <summary>
    /// Splits grid positions by their residue modulo the output stride of 4: each class is one shifted
    /// convolutional pass. Members of a class are lcm(S, 4) apart, which the pass reaches by striding
    /// the first fully connected layer (lcm(S, 4) / 4 on the pooled map), so no unused centre is computed.
    /// </summary>
    private static IEnumerable<int[]> GroupByResidue(int[] centres) =>
        centres.GroupBy(c => c % Step).Select(g => g.ToArray()).Where(g => g.Length > 0);

    public static Tensor ReadWindow(PlanarImage image, int left, int top, int width, int height)
    {
        var buffer = new float[image.Channels * width * height];
        CopyWindow(image, left, top, width, height, buffer);
        return torch.tensor(buffer, new long[] { 1, image.Channels, height, width });
    }

    /// <summary>Copies a window of the image, mirroring it at the borders (reflect, edge pixel not repeated).</summary>
    public static void CopyWindow(PlanarImage image, int left, int top, int width, int height, Span<float> target)
    {
        Span<int> columns = width <= 4096 ? stackalloc int[width] : new int[width];
        for (int x = 0; x < width; x++)
        {
            columns[x] = Reflect(left + x, image.Width);
        }
        for (int c = 0; c < image.Channels; c++)
        {
            var plane = image.Plane(c);
            for (int y = 0; y < height; y++)
            {
                var row = plane.Slice(Reflect(top + y, image.Height) * image.Width, image.Width);
                var destination = target.Slice((c * height + y) * width, width);
                for (int x = 0; x < width; x++)
                {
                    destination[x] = row[columns[x]];
                }
            }
        }
    }

    public static int Reflect(int position, int extent)
    {
        if (extent == 1)
        {
            return 0;
        }
        var period = 2 * (extent - 1);
        var p = ((position % period) + period) % period;
        return p < extent ? p : period - p;
    }
}

public readonly record struct TileProgress(int TilesDone, int TilesTotal);
