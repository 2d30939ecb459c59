using CellDetect.Imaging.Images;
using CellDetect.Model;
using CellDetect.Model.Files;
using CellDetect.Pipeline;
using CellDetect.Service.Detection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CellDetect.Service;

public static class ServiceCollectionExtensions
{
    /// <summary>
    /// The local service, run by the generic host: one <see cref="DetectionPipeline"/> on
    /// <paramref name="device"/> shared by every connection, the listed models, the detection queue and
    /// the <see cref="ServiceHost"/>. Needs the <see cref="ImageFileReader"/> and <see cref="ModelCatalog"/>
    /// that the command line registers.
    /// </summary>
    public static IServiceCollection AddCellDetectService(this IServiceCollection services, ServiceOptions options, ComputeDevice device)
    {
        services.AddSingleton(options);
        services.AddSingleton(provider => new DetectionPipeline(
            provider.GetRequiredService<ModelCatalog>(), provider.GetRequiredService<ImageFileReader>(), device, options.PipelineOptions));
        services.AddSingleton(provider => ModelRegistry.Load(
            provider.GetRequiredService<DetectionPipeline>(), options.ModelDirectory, provider.GetRequiredService<ILogger<ModelRegistry>>()));
        services.AddSingleton(new DetectionQueue(options.MaxQueuedDetections));
        services.AddSingleton<DetectionService>();
        services.AddSingleton<ServiceHost>();
        services.AddHostedService(provider => provider.GetRequiredService<ServiceHost>());
        return services;
    }
}
