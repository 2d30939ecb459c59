using System.Runtime.InteropServices;
using CellDetect.Core.Detection;
using CellDetect.Core.Imaging;
using CellDetect.Model.Network;
using TorchSharp;
using static TorchSharp.torch;

namespace CellDetect.Model.Inference;

/// <summary>
/// Computes the fused proximity map of a prepared (channel-mapped, normalised) image with patch
/// centres on a global grid of stride S. Any window of the map can be computed on its own: it gathers
/// every patch whose neighbourhood reaches into it, reading input with a margin of half a patch plus
/// half a proximity patch (mirrored at the image border), so windows fuse to exactly the whole-image
/// map, with no seams, and an image never has to be in memory whole.
/// </summary>
public sealed class ProximityPredictor
{
    private const int HalfPatch = StructuredRegressionNetwork.InputPatchSize / 2;
    private const int Step = StructuredRegressionNetwork.OutputStride;
    private const int PatchwiseBatch = 256;

    private readonly ProximityNetwork network;
    private readonly ComputeDevice device;

    /// <param name="network">the network, already on <paramref name="device"/> in its number format (see <see cref="Files.LoadedModel.MoveTo"/>)</param>
    public ProximityPredictor(ProximityNetwork network, ComputeDevice device)
    {
        this.network = network;
        this.device = device;
        BatchSize = device.TileBatch;
    }

    /// <summary>Side of the output tiles of <see cref="Predict"/>; bounds memory (the FC1 activations of one pass).</summary>
    public int TileSize { get; init; } = 512;

    public int PatchSize => network.Head.PatchSize();

    /// <summary>
    /// Tiles whose convolutional passes run as one batch. 1 on CPU, where a batch only costs memory;
    /// more on a GPU, which one 512-pixel tile leaves mostly idle.
    /// </summary>
    public int BatchSize { get; init; }

    /// <summary>The whole map of an in-memory prepared image, computed tile by tile (averaged over the 8 flips and rotations with <paramref name="testTimeAugmentation"/>).</summary>
    public float[] Predict(PlanarImage image, int stride, ScanStrategy strategy = ScanStrategy.FullyConvolutional, IProgress<TileProgress>? progress = null, CancellationToken cancellation = default, bool testTimeAugmentation = false)
    {
        var source = new InMemoryRegionSource(image);
        var map = new float[image.Width * image.Height];
        var tiles = Tiling.Cover(image.Width, image.Height, TileSize);
        for (int t = 0; t < tiles.Count; t += BatchSize)
        {
            cancellation.ThrowIfCancellationRequested();
            var batch = tiles.Skip(t).Take(BatchSize).ToList();
            var maps = FuseWindows(source, batch, stride, strategy, testTimeAugmentation);
            for (int i = 0; i < batch.Count; i++)
            {
                var tile = batch[i];
                for (int y = 0; y < tile.Height; y++)
                {
                    maps[i].AsSpan(y * tile.Width, tile.Width).CopyTo(map.AsSpan((tile.Y + y) * image.Width + tile.X, tile.Width));
                }
                progress?.Report(new TileProgress(t + i + 1, tiles.Count));
            }
        }
        return map;
    }

    /// <summary>The fused map over <paramref name="window"/> (row-major), reading only the input it needs from <paramref name="input"/>.</summary>
    public float[] FuseWindow(IRegionSource input, PixelRegion window, int stride, ScanStrategy strategy = ScanStrategy.FullyConvolutional) =>
        FuseWindows(input, new[] { window }, stride, strategy)[0];

    /// <summary>
    /// The fused maps over several windows. Their convolutional passes are grouped by shape and run
    /// <see cref="BatchSize"/> at a time; the maps do not depend on the batching.
    /// With <paramref name="testTimeAugmentation"/> each map is the mean of the maps of the 8 flipped and rotated
    /// images (<see cref="DihedralTransform"/>), each turned back: 8 times the work, computed window by window from a
    /// transformed view of the input, so it tiles and streams exactly like the plain map.
    /// </summary>
    public IReadOnlyList<float[]> FuseWindows(IRegionSource input, IReadOnlyList<PixelRegion> windows, int stride, ScanStrategy strategy = ScanStrategy.FullyConvolutional, bool testTimeAugmentation = false)
    {
        if (!testTimeAugmentation)
        {
            return FuseWindowsOnce(input, windows, stride, strategy);
        }
        var sums = windows.Select(w => new float[w.Width * w.Height]).ToArray();
        foreach (var transform in DihedralTransform.All)
        {
            var view = transform == DihedralTransform.Identity ? input : new DihedralRegionSource(input, transform);
            var moved = windows.Select(w => transform.Map(w, input.Width, input.Height)).ToList();
            var maps = FuseWindowsOnce(view, moved, stride, strategy);
            for (int i = 0; i < windows.Count; i++)
            {
                AddTurnedBack(maps[i], moved[i], transform, windows[i], input.Width, input.Height, sums[i]);
            }
        }
        var count = (float)DihedralTransform.All.Count;
        foreach (var sum in sums)
        {
            for (int i = 0; i < sum.Length; i++)
            {
                sum[i] /= count;
            }
        }
        return sums;
    }

    /// <summary>Adds the map of <paramref name="moved"/> (the window in the transformed image) to the window's pixels.</summary>
    private static void AddTurnedBack(ReadOnlySpan<float> map, PixelRegion moved, DihedralTransform transform, PixelRegion window, int width, int height, Span<float> sum)
    {
        for (int y = 0; y < window.Height; y++)
        {
            var row = sum.Slice(y * window.Width, window.Width);
            for (int x = 0; x < window.Width; x++)
            {
                var (u, v) = transform.Map(window.X + x, window.Y + y, width, height);
                row[x] += map[(v - moved.Y) * moved.Width + u - moved.X];
            }
        }
    }

    private IReadOnlyList<float[]> FuseWindowsOnce(IRegionSource input, IReadOnlyList<PixelRegion> windows, int stride, ScanStrategy strategy)
    {
        if (input.Channels != network.InputChannels)
        {
            throw new ArgumentException($"The model expects {network.InputChannels} channel(s); the image has {input.Channels}.", nameof(input));
        }
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(stride);
        if (network is IFullResolutionNetwork fullResolution)
        {
            return MapWindows(fullResolution, input, windows);
        }
        network.eval();
        using var inference = torch.inference_mode();
        using var scope = torch.NewDisposeScope();
        var fusions = new ProximityFusion[windows.Count];
        var passes = new List<ConvolutionalPass>();
        for (int w = 0; w < windows.Count; w++)
        {
            var window = windows[w];
            var fusion = fusions[w] = new ProximityFusion(window.X, window.Y, window.Width, window.Height, PatchSize);
            var xs = CentresReaching(window.X, window.Width, input.Width, stride, PatchSize);
            var ys = CentresReaching(window.Y, window.Height, input.Height, stride, PatchSize);
            if (xs.Length == 0 || ys.Length == 0)
            {
                continue;
            }
            var origin = (X: xs[0] - HalfPatch, Y: ys[0] - HalfPatch);
            var local = ReadReflected(input, origin.X, origin.Y, xs[^1] - xs[0] + 2 * HalfPatch + 1, ys[^1] - ys[0] + 2 * HalfPatch + 1);
            if (strategy == ScanStrategy.Patchwise)
            {
                ScanPatchwise(local, origin, xs, ys, fusion);
            }
            else
            {
                passes.AddRange(PlanPasses(local, origin, xs, ys, fusion));
            }
        }
        foreach (var shape in passes.GroupBy(p => p.Shape))
        {
            foreach (var batch in shape.Chunk(BatchSize))
            {
                RunBatch(batch);
            }
        }
        return fusions.Select(f => f.Mean()).ToList();
    }

    /// <summary>
    /// The maps of a network that computes every pixel (<see cref="IFullResolutionNetwork"/>): each window is read with
    /// the network's context around it (mirrored at the image border), its origin on the network's alignment, and the
    /// window is cut from the result, so windows fuse to exactly the whole-image map. There is no grid, so the stride
    /// and the scan strategy do not apply. Windows of one input shape run <see cref="BatchSize"/> at a time.
    /// </summary>
    private IReadOnlyList<float[]> MapWindows(IFullResolutionNetwork fullResolution, IRegionSource input, IReadOnlyList<PixelRegion> windows)
    {
        network.eval();
        using var inference = torch.inference_mode();
        var (context, alignment) = (fullResolution.ContextRadius, fullResolution.Alignment);
        var reads = windows.Select((window, index) =>
        {
            var (left, top) = (AlignDown(window.X - context, alignment), AlignDown(window.Y - context, alignment));
            return (Index: index, Window: window, Input: new PixelRegion(left, top, window.X + window.Width + context - left, window.Y + window.Height + context - top));
        }).ToList();
        var maps = new float[windows.Count][];
        foreach (var shape in reads.GroupBy(r => (r.Input.Width, r.Input.Height)))
        {
            foreach (var batch in shape.Chunk(BatchSize))
            {
                using var scope = torch.NewDisposeScope();
                var inputs = batch.Select(r => ReadWindow(ReadReflected(input, r.Input.X, r.Input.Y, r.Input.Width, r.Input.Height), 0, 0, r.Input.Width, r.Input.Height)).ToList();
                var logits = fullResolution.Map(ToDevice(inputs.Count == 1 ? inputs[0] : torch.cat(inputs, 0)));
                var values = Floats(network.Activate(logits).to(ScalarType.Float32, torch.CPU).contiguous());
                var plane = shape.Key.Width * shape.Key.Height;
                for (int b = 0; b < batch.Length; b++)
                {
                    var (window, read) = (batch[b].Window, batch[b].Input);
                    var map = maps[batch[b].Index] = new float[window.Width * window.Height];
                    for (int y = 0; y < window.Height; y++)
                    {
                        values.Slice(b * plane + (window.Y - read.Y + y) * read.Width + window.X - read.X, window.Width).CopyTo(map.AsSpan(y * window.Width, window.Width));
                    }
                }
            }
        }
        return maps;
    }

    private static int AlignDown(int value, int alignment) => (int)Math.Floor(value / (double)alignment) * alignment;

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

    /// <summary>One shifted pass of the convolutional form over a window: the patch centres it predicts and its input.</summary>
    private sealed record ConvolutionalPass(ProximityFusion Fusion, int[] Columns, int[] Rows, int Spacing, Tensor Input)
    {
        public (long Height, long Width, int Spacing) Shape => (Input.shape[2], Input.shape[3], Spacing);
    }

    private static List<ConvolutionalPass> PlanPasses(PlanarImage local, (int X, int Y) origin, int[] xs, int[] ys, ProximityFusion fusion)
    {
        var passes = new List<ConvolutionalPass>();
        foreach (var columns in GroupByResidue(xs))
        {
            foreach (var rows in GroupByResidue(ys))
            {
                var spacing = columns.Length > 1 ? columns[1] - columns[0] : rows.Length > 1 ? rows[1] - rows[0] : Step;
                var input = ReadWindow(local, columns[0] - HalfPatch - origin.X, rows[0] - HalfPatch - origin.Y, (columns.Length - 1) * spacing + 2 * HalfPatch + 1, (rows.Length - 1) * spacing + 2 * HalfPatch + 1);
                passes.Add(new ConvolutionalPass(fusion, columns, rows, spacing, input));
            }
        }
        return passes;
    }

    private void RunBatch(ConvolutionalPass[] batch)
    {
        using var scope = torch.NewDisposeScope();
        var input = batch.Length == 1 ? batch[0].Input : torch.cat(batch.Select(p => p.Input).ToList(), 0);
        var prediction = Pass(input, batch[0].Spacing / Step).to(ScalarType.Float32, torch.CPU).contiguous();
        var values = Floats(prediction);
        var itemLength = values.Length / batch.Length;
        for (int b = 0; b < batch.Length; b++)
        {
            Vote(batch[b], values.Slice(b * itemLength, itemLength));
        }
    }

    /// <summary>Casts a pass's channel-major output (units x rows x columns) onto its window, one patch per centre.</summary>
    private static void Vote(ConvolutionalPass pass, ReadOnlySpan<float> values)
    {
        var (first, spacing) = ((X: pass.Columns[0], Y: pass.Rows[0]), pass.Spacing);
        var outputsX = pass.Columns.Length;
        var plane = outputsX * pass.Rows.Length;
        foreach (var cy in pass.Rows)
        {
            foreach (var cx in pass.Columns)
            {
                pass.Fusion.Vote(cx, cy, values[((cy - first.Y) / spacing * outputsX + (cx - first.X) / spacing)..], plane);
            }
        }
    }

    private void ScanPatchwise(PlanarImage local, (int X, int Y) origin, int[] xs, int[] ys, ProximityFusion fusion)
    {
        var centres = ys.SelectMany(y => xs.Select(x => (X: x, Y: y))).ToArray();
        var size = StructuredRegressionNetwork.InputPatchSize;
        var patchLength = local.Channels * size * size;
        for (int start = 0; start < centres.Length; start += PatchwiseBatch)
        {
            using var scope = torch.NewDisposeScope();
            var batch = centres.AsSpan(start, Math.Min(PatchwiseBatch, centres.Length - start)).ToArray();
            var input = torch.empty(new long[] { batch.Length, local.Channels, size, size }, ScalarType.Float32);
            var buffer = MemoryMarshal.Cast<byte, float>(input.bytes);
            for (int b = 0; b < batch.Length; b++)
            {
                CopyWindow(local, batch[b].X - HalfPatch - origin.X, batch[b].Y - HalfPatch - origin.Y, size, size, buffer.Slice(b * patchLength, patchLength));
            }
            var values = Floats(Pass(input, patchStride: 0).to(ScalarType.Float32, torch.CPU).contiguous());
            var units = values.Length / batch.Length;
            for (int b = 0; b < batch.Length; b++)
            {
                fusion.Vote(batch[b].X, batch[b].Y, values.Slice(b * units, units));
            }
        }
    }

    /// <summary>
    /// One pass of the network on the predictor's device and number format: the (CPU, float32) input is
    /// moved there, and the activated output stays there. <paramref name="patchStride"/> 0 runs the
    /// patch-wise form (one 49x49 patch per batch item); otherwise the convolutional form with F1 strided.
    /// The caller's dispose scope owns the result.
    /// </summary>
    public Tensor Pass(Tensor input, int patchStride)
    {
        var onDevice = ToDevice(input);
        return network.Activate(patchStride == 0 ? network.call(onDevice) : network.Forward(onDevice, patchStride));
    }

    /// <summary>
    /// The one place where a pass's input leaves the CPU: the network combines only this tensor with its
    /// own parameters, so with both on the device the whole pass runs there.
    /// </summary>
    public Tensor ToDevice(Tensor input) => input.to(device.ScalarType, device.TorchDevice);

    /// <summary>
    /// The values of a contiguous float32 CPU tensor, read in place: TorchSharp's element accessor
    /// copies one value at a time (13 ms for one 400x400 map against 1 ms for the block).
    /// </summary>
    private static ReadOnlySpan<float> Floats(Tensor tensor) => MemoryMarshal.Cast<byte, float>(tensor.bytes);

    /// <summary>
    /// Splits grid positions by their residue modulo the output stride of 4: each class is one shifted
    /// convolutional pass. Members of a class are lcm(S, 4) apart, which the pass reaches by striding
    /// the first fully connected layer (lcm(S, 4) / 4 on the pooled map), so no unused centre is computed.
    /// </summary>
    private static IEnumerable<int[]> GroupByResidue(int[] centres) =>
        centres.GroupBy(c => c % Step).Select(g => g.ToArray());

    /// <summary>
    /// A window of an image as a (1, C, H, W) float32 tensor, written straight into the tensor's memory:
    /// torch.tensor(float[]) took 11 ms for a 583x583 RGB tile, against 0.3 ms for this.
    /// </summary>
    public static Tensor ReadWindow(PlanarImage image, int left, int top, int width, int height)
    {
        var tensor = torch.empty(new long[] { 1, image.Channels, height, width }, ScalarType.Float32);
        CopyWindow(image, left, top, width, height, MemoryMarshal.Cast<byte, float>(tensor.bytes));
        return tensor;
    }

    /// <summary>A window of a source that may reach past the image border, mirrored there; reads the source once.</summary>
    public static PlanarImage ReadReflected(IRegionSource source, int left, int top, int width, int height)
    {
        var (x0, x1) = ReflectedSpan(left, width, source.Width);
        var (y0, y1) = ReflectedSpan(top, height, source.Height);
        var region = source.ReadRegion(new PixelRegion(x0, y0, x1 - x0 + 1, y1 - y0 + 1));
        var window = new PlanarImage(width, height, source.Channels, region.Sample, source.PixelSize);
        CopyReflected(region, x0, y0, source.Width, source.Height, left, top, width, height, window.Pixels);
        return window;
    }

    /// <summary>Copies a window of an in-memory image, mirroring it at the borders (reflect, edge pixel not repeated).</summary>
    public static void CopyWindow(PlanarImage image, int left, int top, int width, int height, Span<float> target) =>
        CopyReflected(image, 0, 0, image.Width, image.Height, left, top, width, height, target);

    /// <summary>
    /// Copies image window (left, top, width, height), mirrored at the borders of an imageWidth x imageHeight
    /// image, from <paramref name="region"/>, which holds the image's pixels from (regionX, regionY) on.
    /// </summary>
    private static void CopyReflected(PlanarImage region, int regionX, int regionY, int imageWidth, int imageHeight, int left, int top, int width, int height, Span<float> target)
    {
        Span<int> columns = width <= 4096 ? stackalloc int[width] : new int[width];
        for (int x = 0; x < width; x++)
        {
            columns[x] = MirroredBorder.Reflect(left + x, imageWidth) - regionX;
        }
        for (int c = 0; c < region.Channels; c++)
        {
            var plane = region.Plane(c);
            for (int y = 0; y < height; y++)
            {
                var row = plane.Slice((MirroredBorder.Reflect(top + y, imageHeight) - regionY) * region.Width, region.Width);
                var destination = target.Slice((c * height + y) * width, width);
                for (int x = 0; x < width; x++)
                {
                    destination[x] = row[columns[x]];
                }
            }
        }
    }

    private static (int First, int Last) ReflectedSpan(int start, int length, int extent)
    {
        int first = int.MaxValue, last = int.MinValue;
        for (int p = start; p < start + length; p++)
        {
            var r = MirroredBorder.Reflect(p, extent);
            first = Math.Min(first, r);
            last = Math.Max(last, r);
        }
        return (first, last);
    }
}

public readonly record struct TileProgress(int TilesDone, int TilesTotal);
