using CellDetect.Core.Augmentation;
using CellDetect.Core.Detection;
using CellDetect.Core.Imaging;
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
/// Augmentations (<see cref="TrainingAugmentations"/>), each only when switched on: a resize (the labels drawn
/// anew at the moved clicks), then the photometric ones on the crop, then one of the 8 flips/90-degree rotations
/// applied to the crop, its labels and their weights alike.
/// </summary>
internal sealed class CropSampler
{
    private const int CellJitter = 16;

    private readonly IReadOnlyList<PreparedImage> images;
    private readonly NetworkHead head;
    private readonly TrainingAugmentations augmentations;
    private readonly ProximityMask labels;
    private readonly PhotometricJitter photometric;
    private readonly TrainingImageDraw draw;

    public CropSampler(IReadOnlyList<PreparedImage> images, NetworkHead head, int outputsPerSide, TrainingAugmentations augmentations, ProximityMask labels, CropSampling sampling)
    {
        this.images = images;
        this.head = head;
        this.augmentations = augmentations;
        this.labels = labels;
        photometric = new PhotometricJitter(augmentations);
        OutputsPerSide = outputsPerSide;
        CropSize = StructuredRegressionNetwork.InputPatchSize + StructuredRegressionNetwork.OutputStride * (outputsPerSide - 1);
        draw = new TrainingImageDraw(images.Select(i => (i.Sample.DataSet, (long)i.Input.PlaneLength)).ToList(), sampling);
    }

    public int OutputsPerSide { get; }

    public int CropSize { get; }

    /// <summary>How crops are drawn, in words, for the model's training summary.</summary>
    public static string Describe(CropSampling sampling, int outputsPerSide) => (sampling == CropSampling.DataSetsEqually ? "images: each data set equally often, by area within it; " : "")
        + $"crop centres: 50% uniform over the image, 50% within 16 px of a random annotated cell; blocks of {outputsPerSide}x{outputsPerSide} patches 4 px apart; reflect at borders, zero label weight outside the image";

    /// <summary>Input (B, c, S, S), target and weight (B, units, n, n) for the head; disposed by the caller's scope.</summary>
    public (Tensor Input, Tensor Target, Tensor Weight) Next(Random random, int crops)
    {
        var channels = images[0].Input.Channels;
        var size = CropSize;
        var plane = size * size;
        var input = new float[crops * channels * plane];
        var mask = new float[crops * plane];
        var inside = new float[crops * plane];
        var window = new float[channels * plane];
        var windowMask = new float[plane];
        var windowInside = new float[plane];
        for (int b = 0; b < crops; b++)
        {
            var image = PickImage(random);
            var (cx, cy) = PickCentre(random, image);
            // Crop pixel p shows window pixel Map(p) of the drawn transform (the draw and its use as the first models had them).
            var transform = augmentations.HasFlag(TrainingAugmentations.Dihedral) ? DihedralTransform.All[random.Next(8)].Inverse : DihedralTransform.Identity;
            var scale = augmentations.HasFlag(TrainingAugmentations.Scale) ? ScaleJitter.Draw(random) : null;
            Cut(image, cx, cy, scale, window, windowMask, windowInside);
            photometric.Apply(window, channels, size, random);
            for (int c = 0; c < channels; c++)
            {
                transform.Apply(window.AsSpan(c * plane, plane), size, size, input.AsSpan((b * channels + c) * plane, plane));
            }
            transform.Apply(windowMask, size, size, mask.AsSpan(b * plane, plane));
            transform.Apply(windowInside, size, size, inside.AsSpan(b * plane, plane));
        }
        var inputTensor = torch.tensor(input, new long[] { crops, channels, size, size });
        var target = LabelsAtCentres(torch.tensor(mask, new long[] { crops, 1, size, size }));
        var weight = LabelsAtCentres(torch.tensor(inside, new long[] { crops, 1, size, size }));
        return (inputTensor, target, weight);
    }

    /// <summary>
    /// The crop centred on (cx, cy), its eq. 1 labels and where it lies inside the image: cut from the image and its
    /// label map, or, resized, sampled from the image with the labels drawn around the moved clicks.
    /// </summary>
    private void Cut(PreparedImage image, int cx, int cy, ScaleJitter? scale, float[] window, float[] windowMask, float[] windowInside)
    {
        var size = CropSize;
        var (width, height) = (image.Input.Width, image.Input.Height);
        if (scale is null)
        {
            var (left, top) = (cx - size / 2, cy - size / 2);
            ProximityPredictor.CopyWindow(image.Input, left, top, size, size, window);
            for (int y = 0; y < size; y++)
            {
                for (int x = 0; x < size; x++)
                {
                    var (ix, iy) = (left + x, top + y);
                    var isInside = ix >= 0 && iy >= 0 && ix < width && iy < height;
                    windowMask[y * size + x] = isInside ? image.Mask[iy * width + ix] : 0f;
                    windowInside[y * size + x] = isInside ? 1f : 0f;
                }
            }
            return;
        }
        scale.Cut(image.Input, cx, cy, size, window, windowInside);
        var reach = labels.Radius + 1;
        var moved = image.Sample.Cells
            .Select(c => c with { X = scale.ToCrop(c.X, cx, size), Y = scale.ToCrop(c.Y, cy, size) })
            .Where(c => c.X > -reach && c.Y > -reach && c.X < size + reach && c.Y < size + reach);
        labels.Render(size, size, moved).CopyTo(windowMask, 0);
        for (int i = 0; i < windowMask.Length; i++)
        {
            windowMask[i] *= windowInside[i];
        }
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
        var half = StructuredRegressionNetwork.ProximityPatchSize / 2;
        var start = firstCentre - half;
        var extent = stride * (n - 1) + 2 * half + 1;
        var patches = map.narrow(2, start, extent).narrow(3, start, extent)
            .unfold(2, 2 * half + 1, stride)
            .unfold(3, 2 * half + 1, stride); // (B, 1, n, n, 17, 17)
        return patches.reshape(map.shape[0], n, n, -1).permute(0, 3, 1, 2).contiguous();
    }

    private PreparedImage PickImage(Random random) => images[draw.Next(random)];

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
}
