using CellDetect.Core.Imaging;
using TorchSharp;
using static TorchSharp.torch;

namespace CellDetect.Model.Files;

/// <summary>
/// Finds the model to run: a model file path, a built-in name (embedded in this assembly), or, when
/// nothing is given, the built-in that suits the image: single-channel or dark-background images are
/// fluorescence, bright-background colour images are brightfield H&amp;E.
/// It owns the models it loaded: each is loaded once per device and number format, shared by every
/// caller, and freed when the catalog is disposed (after the last detection that uses it).
/// </summary>
public sealed class ModelCatalog : IDisposable
{
    public const string BrightfieldModel = "he-nuclei";
    public const string FluorescenceModel = "fluorescence-nuclei";

    private readonly Dictionary<(string Model, ComputeDevice Device), LoadedModel> loaded = new();
    private bool disposed;

    public static IReadOnlyList<string> BuiltInNames =>
        typeof(ModelCatalog).Assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith("builtin/", StringComparison.Ordinal))
            .Select(n => Path.GetFileNameWithoutExtension(n["builtin/".Length..]))
            .Order(StringComparer.Ordinal)
            .ToList();

    /// <summary>
    /// A model by path or built-in name, its weights on <paramref name="device"/> in its number format
    /// (float32; bfloat16 for speed on CPUs with AVX512-BF16; float16 for GPUs). Loaded on first use and
    /// then shared: the catalog owns it, callers must not dispose it.
    /// </summary>
    public LoadedModel Get(string nameOrPath, ComputeDevice device)
    {
        lock (loaded)
        {
            ObjectDisposedException.ThrowIf(disposed, this);
            var key = (File.Exists(nameOrPath) ? Path.GetFullPath(nameOrPath) : nameOrPath, device);
            if (!loaded.TryGetValue(key, out var model))
            {
                model = Load(nameOrPath);
                try
                {
                    model.MoveTo(device);
                }
                catch
                {
                    model.Dispose();
                    throw;
                }
                loaded[key] = model;
            }
            return model;
        }
    }

    /// <summary>The models loaded so far, with the device each is on.</summary>
    public IReadOnlyList<LoadedModel> Loaded
    {
        get
        {
            lock (loaded)
            {
                return loaded.Values.ToList();
            }
        }
    }

    public void Dispose()
    {
        lock (loaded)
        {
            disposed = true;
            foreach (var model in loaded.Values)
            {
                model.Dispose();
            }
            loaded.Clear();
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

    /// <summary>Reads a model file or built-in model onto the CPU in float32; the caller owns the result.</summary>
    public static LoadedModel Load(string nameOrPath)
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
