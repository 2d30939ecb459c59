using CellDetect.Core.Imaging;
using CellDetect.Model.Network;

namespace CellDetect.Model.Files;

/// <summary>
/// The values a model can run with. Checked on every load and save: a threshold of -5 in a hand-edited
/// file used to load and find thousands of "cells".
/// </summary>
internal static class ModelMetadataRules
{
    public const int MaxStride = 64;
    public const int MaxPeakRadius = 64;

    /// <summary>The first field that breaks a rule, as "metadata field 'x' is v; rule"; null when every field is usable.</summary>
    public static string? FirstViolation(ModelMetadata metadata)
    {
        string Field(string name, object? value, string rule) => FormattableString.Invariant($"metadata field '{name}' is {value ?? "null"}; {rule}");

        if (metadata.FormatVersion is < ModelMetadata.WeightsOnlyHashFormat or > ModelMetadata.CurrentFormatVersion)
        {
            return Field("formatVersion", metadata.FormatVersion, $"this build reads formats {ModelMetadata.WeightsOnlyHashFormat} to {ModelMetadata.CurrentFormatVersion} (a newer CellDetect made it?)");
        }
        if (!Enum.IsDefined(metadata.Head))
        {
            return Field("head", (int)metadata.Head, "it must be structured-regression, pixel-regression or pixel-classification");
        }
        if (!Enum.IsDefined(metadata.Channels))
        {
            return Field("channels", (int)metadata.Channels, "it must be rgb or gray");
        }
        if (metadata.InputPatchSize != StructuredRegressionNetwork.InputPatchSize || metadata.ProximityPatchSize != StructuredRegressionNetwork.ProximityPatchSize)
        {
            return Field("inputPatchSize/proximityPatchSize", $"{metadata.InputPatchSize}/{metadata.ProximityPatchSize}", $"this network takes {StructuredRegressionNetwork.InputPatchSize}/{StructuredRegressionNetwork.ProximityPatchSize}");
        }
        if (metadata.Normalization is null)
        {
            return Field("normalization", null, "it must give the percentiles");
        }
        try
        {
            metadata.Normalization.Validate();
        }
        catch (ArgumentException e)
        {
            return $"metadata field 'normalization' is unusable: {e.Message}";
        }
        if (metadata.PixelSizeMicrons is { } size && !(double.IsFinite(size) && size > 0))
        {
            return Field("pixelSizeMicrons", size, "it must be null (unknown) or a positive number");
        }
        if (metadata.CellDiameterPixels is { } diameter && !(double.IsFinite(diameter) && diameter > 0))
        {
            return Field("cellDiameterPixels", diameter, "it must be null (unknown) or a positive number");
        }
        if (!(double.IsFinite(metadata.Threshold) && metadata.Threshold is >= 0 and <= 1))
        {
            return Field("threshold", metadata.Threshold, "it must be a number from 0 to 1");
        }
        if (metadata.Stride is < 1 or > MaxStride)
        {
            return Field("stride", metadata.Stride, $"it must be from 1 to {MaxStride}");
        }
        if (metadata.PeakRadius is < 1 or > MaxPeakRadius)
        {
            return Field("peakRadius", metadata.PeakRadius, $"it must be from 1 to {MaxPeakRadius}");
        }
        if (!(double.IsFinite(metadata.MaskRadius) && metadata.MaskRadius > 0) || !(double.IsFinite(metadata.MaskDecay) && metadata.MaskDecay > 0))
        {
            return Field("maskRadius/maskDecay", FormattableString.Invariant($"{metadata.MaskRadius}/{metadata.MaskDecay}"), "both must be positive numbers");
        }
        if (metadata.WeightPrecision is not ("float32" or "float16"))
        {
            return Field("weightPrecision", metadata.WeightPrecision, "it must be float32 or float16");
        }
        return null;
    }
}
