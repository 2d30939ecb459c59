using CellDetect.Core.Imaging;
using CellDetect.Model.Files;
using CellDetect.Model.Inference;
using CellDetect.Model.Network;
using CellDetect.Pipeline;
using CellDetect.Protocol;
using CellDetect.Protocol.Messages;
using CellDetect.Service.Requests;
using Microsoft.Extensions.Logging;

namespace CellDetect.Service.Detection;

/// <summary>
/// The models <c>models.list</c> offers: the built-in ones and every <c>.cdmodel</c> in the service's
/// model folder, named by file name. Each is loaded once when the service starts (through the
/// pipeline's shared catalog, so the first detection does not pay for it) and a damaged file is left
/// out with a warning instead of failing later requests.
/// </summary>
public sealed class ModelRegistry
{
    /// <summary>What the catalog loads for each listed name: the built-in name, or the file's full path.</summary>
    private readonly Dictionary<string, string> sources;

    private ModelRegistry(IReadOnlyList<ModelInfo> models, Dictionary<string, string> sources)
    {
        Models = models;
        this.sources = sources;
    }

    public IReadOnlyList<ModelInfo> Models { get; }

    public IReadOnlyList<string> Names => Models.Select(m => m.Name).ToList();

    public static ModelRegistry Load(DetectionPipeline pipeline, string? directory, ILogger logger)
    {
        var models = new List<ModelInfo>();
        var sources = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in ModelCatalog.BuiltInNames)
        {
            models.Add(Describe(name, pipeline.Model(name).Metadata, path: null));
            sources[name] = name;
        }
        foreach (var path in directory is null ? [] : Directory.GetFiles(directory, "*" + ModelFile.Extension).Order(StringComparer.Ordinal).ToArray())
        {
            var name = Path.GetFileNameWithoutExtension(path);
            if (sources.ContainsKey(name))
            {
                logger.LogWarning("Model file {Path} is not listed: a built-in model is called {Name}.", path, name);
                continue;
            }
            try
            {
                var fullPath = Path.GetFullPath(path);
                models.Add(Describe(name, pipeline.Model(fullPath).Metadata, fullPath));
                sources[name] = fullPath;
            }
            catch (ModelFileException e)
            {
                logger.LogWarning("Model file {Path} is not listed: {Problem}", path, e.Message);
            }
        }
        return new ModelRegistry(models, sources);
    }

    /// <summary>
    /// What the pipeline should load for a request's <c>model</c>: a listed name's source, or an existing
    /// model file on this machine. Anything else is <c>model_not_found</c>, listing the names that work.
    /// </summary>
    public string Resolve(string requested)
    {
        if (sources.TryGetValue(requested, out var source))
        {
            return source;
        }
        if (File.Exists(requested))
        {
            return Path.GetFullPath(requested);
        }
        throw new RequestException(ErrorCodes.ModelNotFound,
            $"'{requested}' is neither a listed model ({string.Join(", ", Names)}) nor a model file on the service's machine.",
            new ModelNotFoundData(requested, Names));
    }

    /// <summary>The listed name of what the pipeline loaded (a built-in name or a listed file), or null for a file given by path.</summary>
    public string? NameOf(string source) => sources.FirstOrDefault(s => s.Value == source).Key;

    private static ModelInfo Describe(string name, ModelMetadata metadata, string? path) => new()
    {
        Name = name,
        BuiltIn = path is null,
        Path = path,
        Channels = metadata.Channels == ChannelMapping.Rgb ? "rgb" : "gray",
        PixelSizeMicrons = metadata.PixelSizeMicrons,
        CellDiameterPixels = metadata.CellDiameterPixels,
        EstimatesCellDiameter = CellDetector.EstimatesCellDiameter(metadata),
        Stride = metadata.Stride,
        Threshold = metadata.Threshold,
        PeakRadius = metadata.PeakRadius,
        Head = metadata.Head switch
        {
            NetworkHead.StructuredRegression => "sr",
            NetworkHead.PixelRegression => "pwr",
            _ => "pwc",
        },
    };
}
