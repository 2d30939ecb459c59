using CellDetect.Cli.Data;
using CellDetect.Imaging.Images;
using CellDetect.Model.Files;
using Microsoft.Extensions.DependencyInjection;

namespace CellDetect.Cli;

public static class CellDetectServices
{
    /// <summary>
    /// The libraries every front end shares: one image reader, one model catalog (which owns the loaded
    /// models and frees them when the container is disposed) and the annotated-folder reader. The command
    /// line and the service's host both start from these registrations.
    /// </summary>
    public static IServiceCollection AddCellDetect(this IServiceCollection services)
    {
        services.AddSingleton<ImageFileReader>();
        services.AddSingleton<ModelCatalog>();
        services.AddSingleton<AnnotatedImageFolder>();
        return services;
    }
}
