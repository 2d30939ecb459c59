using System.Globalization;
using CellDetect.Tests.Shared;

namespace CellDetect.Service.Tests;

/// <summary>
/// One <c>celldetect serve</c> for a test class, killed when the class is done: listening on a fresh
/// socket path, with a models folder (a copy of a built-in model, and a damaged file it must leave
/// out) and a payload limit small enough to test.
/// </summary>
public sealed class ServeFixture : IAsyncLifetime
{
    /// <summary>16 MB: room for a 2048 x 2048 16-bit frame (8 MiB), and a limit a test can cross cheaply.</summary>
    public const long MaxPayload = 16_000_000;

    /// <summary>The name the copy of he-nuclei is listed under.</summary>
    public const string CopiedModel = "he-copy";

    public string ModelDirectory { get; } = Directory.CreateTempSubdirectory("celldetect-service-models-").FullName;

    internal ServeProcess Server { get; private set; } = null!;

    public string Socket => Server.Endpoint;

    public async Task InitializeAsync()
    {
        File.Copy(Path.Combine(RepositoryRoot.Path, "src", "CellDetect.Model", "BuiltIn", "he-nuclei.cdmodel"), Path.Combine(ModelDirectory, CopiedModel + ".cdmodel"));
        File.WriteAllText(Path.Combine(ModelDirectory, "broken.cdmodel"), "not a model");
        Server = await ServeProcess.StartAsync(ServeProcess.NewSocketPath(), "--models", ModelDirectory, "--max-payload", MaxPayload.ToString(CultureInfo.InvariantCulture));
    }

    internal Task<TestConnection> ConnectAsync(bool sayHello = true) => TestConnection.OpenAsync(Socket, sayHello);

    public async Task DisposeAsync()
    {
        await Server.DisposeAsync();
        Directory.Delete(ModelDirectory, recursive: true);
    }
}
