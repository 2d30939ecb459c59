using CellDetect.Model.Files;
using CellDetect.Model.Inference;

namespace CellDetect.Model.Tests;

/// <summary>
/// Loads, uses and drops models and detectors on several threads while another thread forces garbage
/// collections and runs finalizers. A tensor that nobody owns is freed by its finalizer while native
/// code may still read it (the SIGSEGV in THSTensor_copy_ seen in ModelFile.ReadWeights); this loop
/// made that crash within seconds before every tensor got an owner.
/// </summary>
public sealed class NativeMemoryStressTests
{
    [Fact]
    public async Task LoadingUsingAndDroppingModelsUnderForcedCollectionsDoesNotCrash()
    {
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var image = TestNetworks.Noise(64, 64, 1, seed: 11);
        var collector = Task.Run(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                GC.Collect();
                GC.WaitForPendingFinalizers();
            }
        });
        var loads = new int[3];
        var queue = new PassQueue();
        var workers = Enumerable.Range(0, loads.Length).Select(worker => Task.Run(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                using var catalog = new ModelCatalog();
                var model = catalog.Get(ModelCatalog.FluorescenceModel, ComputeDevice.Cpu);
                var result = new CellDetector(model, queue).Detect(image, new DetectionSettings(Stride: 8));
                Assert.NotNull(result.Cells);
                loads[worker]++;
            }
        })).ToArray();
        await Task.WhenAll(workers);
        await collector;
        Assert.All(loads, count => Assert.True(count > 0));
    }
}
