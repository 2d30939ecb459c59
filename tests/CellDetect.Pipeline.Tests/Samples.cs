using CellDetect.Imaging.Images;
using CellDetect.Model;
using CellDetect.Model.Files;
using CellDetect.Tests.Shared;

namespace CellDetect.Pipeline.Tests;

/// <summary>The bundled samples, and one pipeline on the CPU in float32 shared by the tests (models load once).</summary>
public sealed class Samples : IDisposable
{
    public Samples()
    {
        TorchRuntime.ConfigureThreads();
        Pipeline = new DetectionPipeline(Catalog, Reader, ComputeDevice.Cpu);
    }

    public static string Root => RepositoryRoot.Path;

    public static string HeColon => Path.Combine(Root, "samples", "he-colon-crchisto-img14.tif");

    public static string Fluorescence => Path.Combine(Root, "samples", "fluo-hoechst-huh7-23.tif");

    public ModelCatalog Catalog { get; } = new();

    public ImageFileReader Reader { get; } = new();

    public DetectionPipeline Pipeline { get; }

    public void Dispose() => Catalog.Dispose();
}
