namespace CellDetect.Cli.Tests;

/// <summary>Runs the command line in process, as a user's shell would, and finds the repository's data.</summary>
internal static class CliHarness
{
    public static (int Code, string Output, string Error) Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        using var app = CommandLineApp.Build();
        var code = app.Run(args, output, error);
        return (code, output.ToString(), error.ToString());
    }

    public static string RepositoryRoot => CellDetect.Tests.Shared.RepositoryRoot.Path;

    /// <summary>A file or folder of ../shared/data next to the checkout; fails, naming the path, when it is not there.</summary>
    public static string SharedData(string relative)
    {
        var path = Path.GetFullPath(Path.Combine(RepositoryRoot, "..", "shared", "data", relative));
        if (!File.Exists(path) && !Directory.Exists(path))
        {
            throw new FileNotFoundException($"shared data not found at {path}: these tests need the data sets in ../shared/data next to the checkout", path);
        }
        return path;
    }

    /// <summary>A program or file from Debian packages a test calls (./test.sh installs them); fails, naming the packages, when it is missing.</summary>
    public static string RequireFile(string path, string packages)
    {
        Assert.True(File.Exists(path), $"{path} is missing: apt-get install -y {packages}");
        return path;
    }

    public static string Sample(string name) => Path.Combine(RepositoryRoot, "samples", name);

    public static string TemporaryDirectory(string purpose) => Directory.CreateTempSubdirectory("celldetect-" + purpose + "-").FullName;

    /// <summary>Deletes a folder from <see cref="TemporaryDirectory"/>; one still in use is left for the system to clear.</summary>
    public static void DeleteTemporaryDirectory(string path)
    {
        try
        {
            Directory.Delete(path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
