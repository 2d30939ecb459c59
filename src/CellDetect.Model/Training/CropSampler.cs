using CellDetect.Model.Inference;
using CellDetect.Model.Network;
using TorchSharp;
using static TorchSharp.torch;

namespace CellDetect.Model.Training;

/// <summary>
/// Draws training batches. Each crop is the input of an OutputsPerSide x OutputsPerSide block of
/// adjacent 49 x 49 patches (centres 4 px apart), so one pass of the convolutional network trains
/// that many patch/label pairs while computing the shared convolutions once.
/// Crop centres: half are drawn uniformly over the image (background and cells as they come), half
/// within 16 px of a randomly chosen annotated cell, so that the rare positive patches are seen often.
/// Image borders are mirrored (reflect); label pixels outside the image have zero weight.
/// Each crop gets one of the 8 flips/90-degree rotations, applied to image and labels alike.
/// </summary>
internal sealed class CropSampler
{
    private const int HalfProximity = StructuredRegressionNetwork.ProximityPatchSize / 2;
    private const int CellJitter = 16;

    private readonly IReadOnlyList<PreparedImage> images;
    private readonly NetworkHead head;
    private readonly double[] cumulativeArea;

    public CropSampler(IReadOnlyList<PreparedImage> images, NetworkHead head, int outputsPerSide)
    {
        this.images = images;
        this.head = head;
        OutputsPerSide = outputsPerSide;
        CropSize = StructuredRegressionNetwork.InputPatchSize + StructuredRegressionNetwork.OutputStride * (outputsPerSide - 1);
        cumulativeArea = new double[images.Count];
        double total = 0;
        for (int i = 0; i < images.Count; i++)
        {
            total += images[i].Input.PlaneLength;
            cumulativeArea[i] = total;
        }
    }

    public int OutputsPerSide { get; }

    public int CropSize { get; }

    public static string Description => "crop centres: 50% uniform over the image, 50% within 16 px of a random annotated cell; blocks of 8x8 patches 4 px apart; reflect at borders, zero label weight outside the image";

    /// <summary>Input (B, c, S, S), target and weight (B, units, n, n) for the head; disposed by the caller's scope.</summary>
    public (Tensor Input, Tensor Target, Tensor Weight) Next(Random random, int crops)
    {
        var channels = images[0].Input.Channels;
        var size = CropSize;
        var input = new float[crops * channels * size * size];
        var mask = new float[crops * size * size];
        var inside = new float[crops * size * size];
        var window = new float[channels * size * size];
        for (int b = 0; b < crops; b++)
        {
            var image = PickImage(random);
            var (cx, cy) = PickCentre(random, image);
            var left = cx - size / 2;
            var top = cy - size / 2;
            var transform = random.Next(8);
            ProximityPredictor.CopyWindow(image.Input, left, top, size, size, window);
            for (int y = 0; y < size; y++)
            {
                for (int x = 0; x < size; x++)
                {
                    var (sx, sy) = Dihedral(transform, x, y, size);
                    for (int c = 0; c < channels; c++)
                    {
                        input[((b * channels + c) * size + y) * size + x] = window[(c * size + sy) * size + sx];
                    }
                    var (ix, iy) = (left + sx, top + sy);
                    var isInside = ix >= 0 && iy >= 0 && ix < image.Input.Width && iy < image.Input.Height;
                    mask[(b * size + y) * size + x] = isInside ? image.Mask[iy * image.Input.Width + ix] : 0f;
                    inside[(b * size + y) * size + x] = isInside ? 1f : 0f;
                }
            }
        }
        var inputTensor = torch.tensor(input, new long[] { crops, channels, size, size });
        var target = LabelsAtCentres(torch.tensor(mask, new long[] { crops, 1, size, size }));
        var weight = LabelsAtCentres(torch.tensor(inside, new long[] { crops, 1, size, size }));
        return (inputTensor, target, weight);
    }

    /// <summary>Cuts the label map into the head's targets: the 17x17 proximity patch (or the centre value) of each patch in the block.</summary>
    private Tensor LabelsAtCentres(Tensor map)
    {
        var n = OutputsPerSide;
        var firstCentre = StructuredRegressionNetwork.InputPatchSize / 2;
        var stride = StructuredRegressionNetwork.OutputStride;
        if (head != NetworkHead.StructuredRegression)
        {
            return map[.., .., TensorIndex.Slice(firstCentre, firstCentre + stride * (n - 1) + 1, stride), TensorIndex.Slice(firstCentre, firstCentre + stride * (n - 1) + 1, stride)];
        }
        var start = firstCentre - HalfProximity;
        var extent = stride * (n - 1) + 2 * HalfProximity + 1;
        var patches = map.narrow(2, start, extent).narrow(3, start, extent)
            .unfold(2, 2 * HalfProximity + 1, stride)
            .unfold(3, 2 * HalfProximity + 1, stride); // (B, 1, n, n, 17, 17)
        return patches.reshape(map.shape[0], n, n, -1).permute(0, 3, 1, 2).contiguous();
    }

    private PreparedImage PickImage(Random random)
    {
        var target = random.NextDouble() * cumulativeArea[^1];
        var index = Array.BinarySearch(cumulativeArea, target);
        return images[index >= 0 ? index : Math.Min(~index, images.Count - 1)];
    }

    private static (int X, int Y) PickCentre(Random random, PreparedImage image)
    {
        var cells = image.Sample.Cells;
        if (cells.Count > 0 && random.NextDouble() < 0.5)
        {
            var cell = cells[random.Next(cells.Count)];
            return ((int)Math.Round(cell.X) + random.Next(-CellJitter, CellJitter + 1), (int)Math.Round(cell.Y) + random.Next(-CellJitter, CellJitter + 1));
        }
        return (random.Next(image.Input.Width), random.Next(image.Input.Height));
    }

    /// <summary>Source pixel of crop pixel (x, y) under one of the 8 symmetries of the square.</summary>
    private static (int X, int Y) Dihedral(int transform, int x, int y, int size)
    {
        var last = size - 1;
        var (u, v) = (transform & 4) != 0 ? (y, x) : (x, y);
        if ((transform & 1) != 0)
        {
            u = last - u;
        }
        if ((transform & 2) != 0)
        {
            v = last - v;
        }
        return (u, v);
    }
}
