using CellDetect.Imaging.Images;
using CellDetect.Model;
using CellDetect.Model.Files;

namespace CellDetect.Pipeline.Tests;

/// <summary>The bundled samples, and one pipeline on the CPU in float32 shared by the tests (models load once).</summary>
public sealed class Samples : IDisposable
{
    public Samples()
    {
        TorchRuntime.ConfigureThreads();
        Pipeline = new DetectionPipeline(Catalog, Reader, ComputeDevice.Cpu);
    }

    public static string Root
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "CellDetect.Plugin.sln")))
                {
                    return dir.FullName;
                }
            }
            throw new DirectoryNotFoundException("CellDetect.Plugin.sln not found above " + AppContext.BaseDirectory);
        }
    }

    public static string HeColon => Path.Combine(Root, "samples", "he-colon-crchisto-img14.tif");

    public static string Fluorescence => Path.Combine(Root, "samples", "fluo-hoechst-huh7-23.tif");

    public ModelCatalog Catalog { get; } = new();

    public ImageFileReader Reader { get; } = new();

    public DetectionPipeline Pipeline { get; }

    public void Dispose() => Catalog.Dispose();
}
