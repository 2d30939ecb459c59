namespace CellDetect.Cli.Tests;

/// <summary>Runs the command line in process, as a user's shell would, and finds the repository's data.</summary>
internal static class CliHarness
{
    public static (int Code, string Output, string Error) Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = CommandLineApp.Build().Run(args, output, error);
        return (code, output.ToString(), error.ToString());
    }

    public static string RepositoryRoot
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

    public static string SharedData(string relative) => Path.GetFullPath(Path.Combine(RepositoryRoot, "..", "shared", "data", relative));

    public static string Sample(string name) => Path.Combine(RepositoryRoot, "samples", name);

    public static string TemporaryDirectory(string purpose) => Directory.CreateTempSubdirectory("celldetect-" + purpose + "-").FullName;
}
