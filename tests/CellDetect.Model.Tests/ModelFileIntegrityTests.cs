using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using CellDetect.Core.Imaging;
using CellDetect.Model.Files;
using CellDetect.Model.Network;
using TorchSharp;

namespace CellDetect.Model.Tests;

/// <summary>
/// Model metadata is checked on load, and from format 2 on covered by the file's hash: a hand-edited
/// threshold of -5 used to load and find thousands of "cells". Non-finite weights are never saved or loaded.
/// </summary>
public sealed class ModelFileIntegrityTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("celldetect-integrity").FullName;

    public void Dispose() => Directory.Delete(directory, true);

    [Fact]
    public void NewFilesRecordTheCurrentFormatAndLoad()
    {
        var path = Save("new.cdmodel");
        var metadata = JsonNode.Parse(ModelArchive.Read(path, "metadata.json"))!;
        Assert.Equal(ModelMetadata.CurrentFormatVersion, (int)metadata["formatVersion"]!);
        using var loaded = ModelFile.Load(path);
        Assert.Equal(ModelMetadata.CurrentFormatVersion, loaded.Metadata.FormatVersion);
        Assert.Equal((string)metadata["contentSha256"]!, loaded.Metadata.ContentSha256);
    }

    [Theory]
    [InlineData("\"threshold\": 0.3", "\"threshold\": 0.9")]   // a valid value, but not the one saved
    [InlineData("\"threshold\": 0.3", "\"threshold\": -5")]
    [InlineData("\"stride\": 4", "\"stride\": 8")]
    [InlineData("\"name\": \"m\"", "\"name\": \"n\"")]
    [InlineData("\"stride\": 4,", "\"stride\":  4,")]           // even a space: the bytes are what is covered
    public void NewFileEditedAfterSavingIsRefused(string original, string edited)
    {
        var path = Save("edited.cdmodel");
        var text = Encoding.UTF8.GetString(ModelArchive.Read(path, "metadata.json"));
        Assert.Contains(original, text);
        ModelArchive.Replace(path, "metadata.json", Encoding.UTF8.GetBytes(text.Replace(original, edited, StringComparison.Ordinal)));
        var error = Assert.Throws<ModelFileException>(() => ModelFile.Load(path));
        Assert.Equal($"Model file '{path}' is damaged or was edited after saving: its weights and metadata do not match the recorded SHA-256.", error.Message);
    }

    [Fact]
    public void BuiltInModelsAreCurrentFormatAndRecordTheirCrossValidation()
    {
        // Files of format 1 (hash of the weights only) still load: OldFormatFileWithUsableValuesLoads... covers them.
        foreach (var name in ModelCatalog.BuiltInNames)
        {
            using var model = ModelCatalog.Load(name);
            Assert.Equal(ModelMetadata.CurrentFormatVersion, model.Metadata.FormatVersion);
            var crossValidation = model.Metadata.Training?.CrossValidation;
            Assert.NotNull(crossValidation);
            Assert.Equal(model.Metadata.Training!.DataSets.Order(), crossValidation.DataSets.Select(set => set.DataSet).Order());
            Assert.All(crossValidation.DataSets, set => Assert.InRange(set.F1Mean, 0.5, 1.0));
        }
    }

    [Theory]
    [InlineData("threshold", "-5", "metadata field 'threshold' is -5; it must be a number from 0 to 1")]
    [InlineData("threshold", "1.5", "metadata field 'threshold' is 1.5")]
    [InlineData("stride", "0", "metadata field 'stride' is 0; it must be from 1 to 64")]
    [InlineData("stride", "65", "metadata field 'stride' is 65")]
    [InlineData("peakRadius", "0", "metadata field 'peakRadius' is 0")]
    [InlineData("pixelSizeMicrons", "-0.5", "metadata field 'pixelSizeMicrons' is -0.5")]
    [InlineData("pixelSizeMicrons", "0", "metadata field 'pixelSizeMicrons' is 0")]
    [InlineData("channels", "7", "metadata field 'channels' is 7")]
    [InlineData("head", "9", "metadata field 'head' is 9")]
    [InlineData("normalization", "{\"lowPercentile\": 99, \"highPercentile\": 1, \"minimumRangeFraction\": 0.02}", "metadata field 'normalization' is unusable: LowPercentile (99)")]
    [InlineData("normalization", "null", "metadata field 'normalization' is null")]
    [InlineData("maskDecay", "0", "metadata field 'maskRadius/maskDecay' is 5/0")]
    [InlineData("weightPrecision", "\"float8\"", "metadata field 'weightPrecision' is float8")]
    [InlineData("inputPatchSize", "51", "metadata field 'inputPatchSize/proximityPatchSize' is 51/17")]
    public void OldFormatFileWithAnUnusableValueIsRefusedNamingFileAndField(string field, string json, string expected)
    {
        var path = SaveWeightsOnlyFormat("old.cdmodel", metadata => metadata[field] = JsonNode.Parse(json));
        var error = Assert.Throws<ModelFileException>(() => ModelFile.Load(path));
        Assert.StartsWith($"Model file '{path}': {expected}", error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void OldFormatFileWithUsableValuesLoadsAndItsWeightsAreStillChecked()
    {
        var path = SaveWeightsOnlyFormat("old-ok.cdmodel", metadata => metadata["threshold"] = 0.45);
        using (var loaded = ModelFile.Load(path))
        {
            Assert.Equal(0.45, loaded.Metadata.Threshold);
        }
        var weights = ModelArchive.Read(path, "weights.bin");
        weights[^3] ^= 0x11;
        ModelArchive.Replace(path, "weights.bin", weights);
        Assert.Contains("its weights do not match the recorded SHA-256", Assert.Throws<ModelFileException>(() => ModelFile.Load(path)).Message);
    }

    [Fact]
    public void FileFromANewerFormatIsRefused()
    {
        var path = SaveWeightsOnlyFormat("future.cdmodel", metadata => metadata["formatVersion"] = 3);
        Assert.Equal($"Model file '{path}' has format 3; this build reads up to 2 (it was made by a newer CellDetect).", Assert.Throws<ModelFileException>(() => ModelFile.Load(path)).Message);
    }

    [Fact]
    public void NonFiniteWeightsInAFileAreRefused()
    {
        // float32 weights: the last 4 bytes are the last value of the last tensor.
        var path = SaveWeightsOnlyFormat("nan.cdmodel", _ => { }, weights => BitConverter.GetBytes(float.NaN).CopyTo(weights, weights.Length - 4));
        var error = Assert.Throws<ModelFileException>(() => ModelFile.Load(path));
        Assert.StartsWith($"Model file '{path}': weights '", error.Message);
        Assert.EndsWith("hold NaN or infinite values.", error.Message);
    }

    [Theory]
    [InlineData(float.NaN, "float32", "hold 1 NaN or infinite values")]
    [InlineData(float.PositiveInfinity, "float16", "hold 1 NaN or infinite values")]
    [InlineData(1e6f, "float16", "beyond float16's range")]
    public void SaveRefusesWeightsThatCannotBeStored(float value, string precision, string expected)
    {
        using var network = TestNetworks.Random(1);
        using (torch.no_grad())
        {
            network.parameters().First().view(-1)[0] = value;
        }
        var path = Path.Combine(directory, "diverged.cdmodel");
        var error = Assert.Throws<ModelFileException>(() => ModelFile.Save(path, network, new ModelMetadata { Channels = ChannelMapping.Gray, WeightPrecision = precision }));
        Assert.StartsWith($"Cannot save model '{path}': weights '", error.Message);
        Assert.Contains(expected, error.Message);
        Assert.Empty(Directory.GetFileSystemEntries(directory));
    }

    [Fact]
    public void SaveRefusesMetadataNoModelCouldRunWith()
    {
        using var network = TestNetworks.Random(1);
        var path = Path.Combine(directory, "bad.cdmodel");
        var error = Assert.Throws<ModelFileException>(() => ModelFile.Save(path, network, new ModelMetadata { Channels = ChannelMapping.Gray, Threshold = double.NaN }));
        Assert.Equal($"Cannot save model '{path}': metadata field 'threshold' is NaN; it must be a number from 0 to 1.", error.Message);
        Assert.False(File.Exists(path));
    }

    private string Save(string name)
    {
        var path = Path.Combine(directory, name);
        using var network = TestNetworks.Random(1, NetworkHead.PixelRegression);
        ModelFile.Save(path, network, new ModelMetadata { Name = "m", Channels = ChannelMapping.Gray, Head = NetworkHead.PixelRegression, Threshold = 0.3 });
        return path;
    }

    /// <summary>A file as CellDetect wrote them before format 2 (the built-in models): no formatVersion, the hash of weights.bin alone.</summary>
    private string SaveWeightsOnlyFormat(string name, Action<JsonObject> editMetadata, Action<byte[]>? editWeights = null)
    {
        var path = Save(name);
        var weights = ModelArchive.Read(path, "weights.bin");
        editWeights?.Invoke(weights);
        var metadata = JsonNode.Parse(ModelArchive.Read(path, "metadata.json"))!.AsObject();
        metadata.Remove("formatVersion");
        editMetadata(metadata);
        metadata["contentSha256"] = Convert.ToHexStringLower(SHA256.HashData(weights));
        ModelArchive.Replace(path, "weights.bin", weights);
        ModelArchive.Replace(path, "metadata.json", Encoding.UTF8.GetBytes(metadata.ToJsonString()));
        return path;
    }
}
