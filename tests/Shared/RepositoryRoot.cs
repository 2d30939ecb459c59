namespace CellDetect.Tests.Shared;

/// <summary>The checkout: the folder holding CellDetect.Plugin.sln, found by walking up from the test binaries. Compiled into every test project (tests/Directory.Build.props).</summary>
internal static class RepositoryRoot
{
    public static string Path
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(System.IO.Path.Combine(dir.FullName, "CellDetect.Plugin.sln")))
                {
                    return dir.FullName;
                }
            }
            throw new DirectoryNotFoundException("CellDetect.Plugin.sln not found above " + AppContext.BaseDirectory);
        }
    }
}
