using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text;
using System.Text.Json.Serialization;
using CellDetect.Core.Imaging;
using CellDetect.Model.Network;
using TorchSharp;
using static TorchSharp.torch;

namespace CellDetect.Model.Files;

/// <summary>
/// A model file (.cdmodel) is a zip archive holding <c>metadata.json</c> and <c>weights.bin</c>.
/// weights.bin lists the network's parameters in name order: name, shape, then the values as
/// little-endian float32 or float16. The SHA-256 recorded in the metadata covers the weights and, from
/// format 2 on, the metadata itself (see <see cref="ModelMetadata.ContentSha256"/>); it is checked on load,
/// and so are the metadata's values and the weights' finiteness.
/// </summary>
public static class ModelFile
{
    public const string Extension = ".cdmodel";
    private const string MetadataEntry = "metadata.json";
    private const string WeightsEntry = "weights.bin";
    private const int WeightsMagic = 0x57444443; // "CDDW"

    /// <summary>Stands for the hash in metadata.json while the hash is computed: same length, so nothing else moves.</summary>
    private static readonly string HashPlaceholder = new('0', 64);

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
            var metadataBytes = ReadAll(metadataEntry);
            var metadata = JsonSerializer.Deserialize<ModelMetadata>(metadataBytes, JsonOptions) ?? throw new ModelFileException($"Model file '{sourceName}' has empty metadata.");
            if (NetworkArchitectures.FromFileName(metadata.Architecture) is not { } architecture || metadata.ArchitectureVersion != ModelMetadata.CurrentArchitectureVersion)
            {
                var known = string.Join(", ", Enum.GetValues<NetworkArchitecture>().Select(a => $"'{a.FileName()}'"));
                throw new ModelFileException($"Model file '{sourceName}' is for architecture '{metadata.Architecture}' v{metadata.ArchitectureVersion}; this build runs {known} v{ModelMetadata.CurrentArchitectureVersion}.");
            }
            if (metadata.FormatVersion > ModelMetadata.CurrentFormatVersion)
            {
                throw new ModelFileException($"Model file '{sourceName}' has format {metadata.FormatVersion}; this build reads up to {ModelMetadata.CurrentFormatVersion} (it was made by a newer CellDetect).");
            }
            var weights = ReadAll(weightsEntry);
            ThrowUnlessHashMatches(metadata, metadataBytes, weights, sourceName);
            if (ModelMetadataRules.FirstViolation(metadata) is { } problem)
            {
                throw new ModelFileException($"Model file '{sourceName}': {problem}.");
            }
            var network = architecture.Create(metadata.Channels.InputChannels(), metadata.Head);
            try
            {
                ReadWeights(network, new MemoryStream(weights), sourceName);
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

    /// <summary>
    /// Writes the model atomically (a temporary file beside the target, then a rename) in the current format.
    /// Refuses metadata a model cannot run with and weights that are not finite (a diverged training run).
    /// </summary>
    public static ModelMetadata Save(string path, ProximityNetwork network, ModelMetadata metadata)
    {
        var unsigned = metadata with { FormatVersion = ModelMetadata.CurrentFormatVersion, Architecture = network.Architecture.FileName(), ContentSha256 = HashPlaceholder };
        if (ModelMetadataRules.FirstViolation(unsigned) is { } problem)
        {
            throw new ModelFileException($"Cannot save model '{path}': {problem}.");
        }
        var weights = new MemoryStream();
        WriteWeights(network, weights, metadata.WeightPrecision == "float16", $"Cannot save model '{path}'");
        var weightBytes = weights.GetBuffer().AsSpan(0, (int)weights.Length);
        var metadataBytes = JsonSerializer.SerializeToUtf8Bytes(unsigned, JsonOptions);
        var hash = ContentHash(weightBytes, metadataBytes);
        Encoding.ASCII.GetBytes(hash, metadataBytes.AsSpan(IndexOfOnly(metadataBytes, HashPlaceholder) ?? throw new InvalidOperationException("The hash placeholder must occur once in the metadata.")));
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
                        entry.Write(metadataBytes);
                    }
                    using (var entry = archive.CreateEntry(WeightsEntry, CompressionLevel.Optimal).Open())
                    {
                        entry.Write(weightBytes);
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
        return unsigned with { ContentSha256 = hash };
    }

    /// <summary>SHA-256 of a network's weights as a float32 model file stores them: names the start of a fine-tuning run.</summary>
    internal static string WeightsSha256(ProximityNetwork network)
    {
        var weights = new MemoryStream();
        WriteWeights(network, weights, half: false, "Cannot fingerprint the initial weights");
        return Convert.ToHexStringLower(SHA256.HashData(weights.GetBuffer().AsSpan(0, (int)weights.Length)));
    }

    /// <summary>The format 2 hash: of weights.bin, then of metadata.json with the hash's digits zeroed.</summary>
    private static string ContentHash(ReadOnlySpan<byte> weights, ReadOnlySpan<byte> unsignedMetadata)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(weights);
        hash.AppendData(unsignedMetadata);
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    private static void ThrowUnlessHashMatches(ModelMetadata metadata, byte[] metadataBytes, byte[] weights, string sourceName)
    {
        if (metadata.FormatVersion == ModelMetadata.WeightsOnlyHashFormat)
        {
            if (!string.Equals(Convert.ToHexStringLower(SHA256.HashData(weights)), metadata.ContentSha256, StringComparison.OrdinalIgnoreCase))
            {
                throw new ModelFileException($"Model file '{sourceName}' is damaged: its weights do not match the recorded SHA-256.");
            }
            return;
        }
        var recorded = metadata.ContentSha256 ?? "";
        var at = recorded.Length == HashPlaceholder.Length ? IndexOfOnly(metadataBytes, recorded) : null;
        var unsigned = metadataBytes.ToArray();
        if (at is { } position)
        {
            Encoding.ASCII.GetBytes(HashPlaceholder, unsigned.AsSpan(position));
        }
        if (at is null || ContentHash(weights, unsigned) != recorded)
        {
            throw new ModelFileException($"Model file '{sourceName}' is damaged or was edited after saving: its weights and metadata do not match the recorded SHA-256.");
        }
    }

    /// <summary>Where the ASCII text <paramref name="value"/> occurs in <paramref name="bytes"/>, when it occurs exactly once.</summary>
    private static int? IndexOfOnly(byte[] bytes, string value)
    {
        var needle = Encoding.ASCII.GetBytes(value);
        var first = bytes.AsSpan().IndexOf(needle);
        return first >= 0 && bytes.AsSpan(first + 1).IndexOf(needle) < 0 ? first : null;
    }

    private static byte[] ReadAll(ZipArchiveEntry entry)
    {
        using var stream = entry.Open();
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    /// <summary>Writes weights.bin; refuses non-finite values, and in float16 values beyond its range, naming the tensor after <paramref name="refusal"/>.</summary>
    private static void WriteWeights(ProximityNetwork network, Stream stream, bool half, string refusal)
    {
        using var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
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
            if (NonFiniteSamples.Count(values) is var nonFinite and > 0)
            {
                throw new ModelFileException($"{refusal}: weights '{name}' hold {nonFinite} NaN or infinite values (training diverged?).");
            }
            foreach (var value in values)
            {
                if (half)
                {
                    var stored = (Half)value;
                    if (Half.IsInfinity(stored))
                    {
                        throw new ModelFileException($"{refusal}: weights '{name}' hold {value}, beyond float16's range; save them as float32.");
                    }
                    writer.Write(stored);
                }
                else
                {
                    writer.Write(value);
                }
            }
        }
    }

    private static void ReadWeights(ProximityNetwork network, Stream stream, string sourceName)
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
            if (NonFiniteSamples.Count(values) > 0)
            {
                throw new ModelFileException($"Model file '{sourceName}': weights '{name}' hold NaN or infinite values.");
            }
            // The source tensor must outlive the native copy: left to the finalizer, it was freed while
            // THSTensor_copy_ still read it (SIGSEGV in intrusive_ptr::retain_, NativeMemoryStressTests).
            using var source = torch.tensor(values, shape);
            target.copy_(source);
        }
    }
}

