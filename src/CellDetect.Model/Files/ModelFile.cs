using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;
using CellDetect.Model.Network;
using TorchSharp;
using static TorchSharp.torch;

namespace CellDetect.Model.Files;

/// <summary>
/// A model file (.cdmodel) is a zip archive holding <c>metadata.json</c> and <c>weights.bin</c>.
/// weights.bin lists the network's parameters in name order: name, shape, then the values as
/// little-endian float32 or float16. Its SHA-256 is recorded in the metadata and checked on load.
/// </summary>
public static class ModelFile
{
    public const string Extension = ".cdmodel";
    private const string MetadataEntry = "metadata.json";
    private const string WeightsEntry = "weights.bin";
    private const int WeightsMagic = 0x57444443; // "CDDW"

    public static readonly JsonSerializerOptions JsonOptions = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
    };

    public static LoadedModel Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new ModelFileException($"Model file '{path}' does not exist.");
        }
        using var stream = File.OpenRead(path);
        return Load(stream, path);
    }

    public static LoadedModel Load(Stream stream, string sourceName)
    {
        try
        {
            using var archive = new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: true);
            var metadataEntry = archive.GetEntry(MetadataEntry) ?? throw new ModelFileException($"Model file '{sourceName}' has no {MetadataEntry}; it is not a CellDetect model.");
            var weightsEntry = archive.GetEntry(WeightsEntry) ?? throw new ModelFileException($"Model file '{sourceName}' has no {WeightsEntry}.");
            ModelMetadata metadata;
            using (var metadataStream = metadataEntry.Open())
            {
                metadata = JsonSerializer.Deserialize<ModelMetadata>(metadataStream, JsonOptions) ?? throw new ModelFileException($"Model file '{sourceName}' has empty metadata.");
            }
            if (metadata.Architecture != ModelMetadata.CurrentArchitecture || metadata.ArchitectureVersion != ModelMetadata.CurrentArchitectureVersion)
            {
                throw new ModelFileException($"Model file '{sourceName}' is for architecture '{metadata.Architecture}' v{metadata.ArchitectureVersion}; this build runs '{ModelMetadata.CurrentArchitecture}' v{ModelMetadata.CurrentArchitectureVersion}.");
            }
            var weights = new MemoryStream();
            using (var weightsStream = weightsEntry.Open())
            {
                weightsStream.CopyTo(weights);
            }
            var hash = Convert.ToHexStringLower(SHA256.HashData(weights.GetBuffer().AsSpan(0, (int)weights.Length)));
            if (!string.Equals(hash, metadata.ContentSha256, StringComparison.OrdinalIgnoreCase))
            {
                throw new ModelFileException($"Model file '{sourceName}' is damaged: its weights do not match the recorded SHA-256.");
            }
            weights.Position = 0;
            var network = new StructuredRegressionNetwork(metadata.Channels == Core.Imaging.ChannelMapping.Rgb ? 3 : 1, metadata.Head);
            try
            {
                ReadWeights(network, weights, sourceName);
            }
            catch
            {
                network.Dispose();
                throw;
            }
            return new LoadedModel(metadata, network);
        }
        catch (InvalidDataException e)
        {
            throw new ModelFileException($"Model file '{sourceName}' is damaged or not a zip archive: {e.Message}", e);
        }
        catch (JsonException e)
        {
            throw new ModelFileException($"Model file '{sourceName}' has unreadable metadata: {e.Message}", e);
        }
        catch (EndOfStreamException e)
        {
            throw new ModelFileException($"Model file '{sourceName}' is truncated.", e);
        }
    }

    /// <summary>Writes the model atomically: a temporary file beside the target, then a rename.</summary>
    public static ModelMetadata Save(string path, StructuredRegressionNetwork network, ModelMetadata metadata)
    {
        var weights = new MemoryStream();
        WriteWeights(network, weights, metadata.WeightPrecision == "float16");
        var complete = metadata with { ContentSha256 = Convert.ToHexStringLower(SHA256.HashData(weights.GetBuffer().AsSpan(0, (int)weights.Length))) };
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(directory);
        var temporary = Path.Combine(directory, $".{Path.GetFileName(path)}.{Environment.ProcessId}.tmp");
        try
        {
            using (var file = new FileStream(temporary, FileMode.Create, FileAccess.Write))
            {
                using (var archive = new ZipArchive(file, ZipArchiveMode.Create, leaveOpen: true))
                {
                    using (var entry = archive.CreateEntry(MetadataEntry, CompressionLevel.Optimal).Open())
                    {
                        JsonSerializer.Serialize(entry, complete, JsonOptions);
                    }
                    using (var entry = archive.CreateEntry(WeightsEntry, CompressionLevel.Optimal).Open())
                    {
                        weights.Position = 0;
                        weights.CopyTo(entry);
                    }
                }
                file.Flush(flushToDisk: true);
            }
            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
        return complete;
    }

    private static void WriteWeights(StructuredRegressionNetwork network, Stream stream, bool half)
    {
        using var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true);
        var parameters = network.state_dict().OrderBy(p => p.Key, StringComparer.Ordinal).ToList();
        writer.Write(WeightsMagic);
        writer.Write(half ? 16 : 32);
        writer.Write(parameters.Count);
        foreach (var (name, tensor) in parameters)
        {
            writer.Write(name);
            writer.Write(tensor.shape.Length);
            foreach (var dimension in tensor.shape)
            {
                writer.Write(dimension);
            }
            // The detached, moved and cast copies are temporaries: the scope owns them until the values are read.
            using var scope = torch.NewDisposeScope();
            var values = tensor.detach().cpu().to_type(ScalarType.Float32).data<float>().ToArray();
            foreach (var value in values)
            {
                if (half)
                {
                    writer.Write((Half)value);
                }
                else
                {
                    writer.Write(value);
                }
            }
        }
    }

    private static void ReadWeights(StructuredRegressionNetwork network, Stream stream, string sourceName)
    {
        using var reader = new BinaryReader(stream);
        if (reader.ReadInt32() != WeightsMagic)
        {
            throw new ModelFileException($"Model file '{sourceName}' has weights in an unknown format.");
        }
        var bits = reader.ReadInt32();
        if (bits is not (16 or 32))
        {
            throw new ModelFileException($"Model file '{sourceName}' stores weights as {bits}-bit floats; only 16 and 32 are supported.");
        }
        var expected = network.state_dict();
        var count = reader.ReadInt32();
        if (count != expected.Count)
        {
            throw new ModelFileException($"Model file '{sourceName}' has {count} weight tensors; the network has {expected.Count}.");
        }
        using var noGrad = torch.no_grad();
        for (int i = 0; i < count; i++)
        {
            var name = reader.ReadString();
            if (!expected.TryGetValue(name, out var target))
            {
                throw new ModelFileException($"Model file '{sourceName}' has weights '{name}' that the network does not have.");
            }
            var shape = new long[reader.ReadInt32()];
            for (int d = 0; d < shape.Length; d++)
            {
                shape[d] = reader.ReadInt64();
            }
            if (!shape.SequenceEqual(target.shape))
            {
                throw new ModelFileException($"Model file '{sourceName}': weights '{name}' have shape [{string.Join(",", shape)}], the network needs [{string.Join(",", target.shape)}].");
            }
            var values = new float[target.numel()];
            for (int v = 0; v < values.Length; v++)
            {
                values[v] = bits == 16 ? (float)reader.ReadHalf() : reader.ReadSingle();
            }
            // The source tensor must outlive the native copy: left to the finalizer, it was freed while
            // THSTensor_copy_ still read it (SIGSEGV in intrusive_ptr::retain_, NativeMemoryStressTests).
            using var source = torch.tensor(values, shape);
            target.copy_(source);
        }
    }
}

