using CellDetect.Core.Imaging;
using TorchSharp;
using static TorchSharp.torch;

namespace CellDetect.Model.Files;

/// <summary>
/// Finds the model to run: a model file path, a built-in name (embedded in this assembly), or, when
/// nothing is given, the built-in that suits the image: single-channel or dark-background images are
/// fluorescence, bright-background colour images are brightfield H&amp;E.
/// </summary>
public sealed class ModelCatalog
{
    public const string BrightfieldModel = "he-nuclei";
    public const string FluorescenceModel = "fluorescence-nuclei";

    private readonly Dictionary<string, LoadedModel> loaded = new(StringComparer.Ordinal);

    public static IReadOnlyList<string> BuiltInNames =>
        typeof(ModelCatalog).Assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith("builtin/", StringComparison.Ordinal))
            .Select(n => Path.GetFileNameWithoutExtension(n["builtin/".Length..]))
            .Order(StringComparer.Ordinal)
            .ToList();

    /// <summary>
    /// Loads a model by path or built-in name, its weights in <paramref name="precision"/> (float32,
    /// bfloat16 for speed on CPUs with AVX512-BF16, float16 for GPUs); models are cached, so a folder
    /// run loads each once.
    /// </summary>
    public LoadedModel Get(string nameOrPath, InferencePrecision precision = InferencePrecision.Float32)
    {
        lock (loaded)
        {
            var key = $"{precision}:{nameOrPath}";
            if (!loaded.TryGetValue(key, out var model))
            {
                model = Load(nameOrPath);
                if (precision != InferencePrecision.Float32)
                {
                    model.Network.to(precision.ScalarType());
                }
                loaded[key] = model;
            }
            return model;
        }
    }

    /// <summary>The built-in model for an image, and why it was chosen (printed for the user).</summary>
    public static (string Name, string Reason) ChooseFor(PlanarImage image)
    {
        if (image.Channels == 1)
        {
            return (FluorescenceModel, "single-channel image");
        }
        var background = MedianBrightness(image);
        return background >= 0.5
            ? (BrightfieldModel, $"colour image with a bright background (median {background:0.00} of full scale)")
            : (FluorescenceModel, $"colour image with a dark background (median {background:0.00} of full scale)");
    }

    private static LoadedModel Load(string nameOrPath)
    {
        if (File.Exists(nameOrPath))
        {
            return ModelFile.Load(nameOrPath);
        }
        using var resource = typeof(ModelCatalog).Assembly.GetManifestResourceStream($"builtin/{nameOrPath}{ModelFile.Extension}");
        if (resource is null)
        {
            var looksLikePath = nameOrPath.Contains('/') || nameOrPath.Contains('\\') || nameOrPath.EndsWith(ModelFile.Extension, StringComparison.Ordinal);
            throw new ModelFileException(looksLikePath
                ? $"Model file '{nameOrPath}' does not exist."
                : $"'{nameOrPath}' is neither a model file nor a built-in model (built-in: {string.Join(", ", BuiltInNames.DefaultIfEmpty("none in this build"))}).");
        }
        return ModelFile.Load(resource, $"built-in {nameOrPath}");
    }

    private static double MedianBrightness(PlanarImage image)
    {
        var step = Math.Max(1, image.PlaneLength / 65536);
        var samples = new List<float>();
        var colourChannels = Math.Min(3, image.Channels);
        for (int i = 0; i < image.PlaneLength; i += step)
        {
            float sum = 0;
            for (int c = 0; c < colourChannels; c++)
            {
                sum += image.Pixels[c * image.PlaneLength + i];
            }
            samples.Add(sum / colourChannels);
        }
        samples.Sort();
        return samples[samples.Count / 2] / image.Sample.NominalMaximum;
    }
}
