using CellDetect.Tests.Shared;

namespace CellDetect.Imaging.Tests;

/// <summary>The checkout, ../shared/data next to it, and the Debian packages some tests call (./test.sh installs them).</summary>
internal static class RepoPaths
{
    /// <summary>The folder holding CellDetect.Plugin.sln, found by walking up from the test binaries.</summary>
    public static string Root => RepositoryRoot.Path;

    /// <summary>../shared/data next to the checkout; fails, naming the path, when it is not there.</summary>
    public static string SharedData
    {
        get
        {
            var path = Path.GetFullPath(Path.Combine(Root, "..", "shared", "data"));
            Assert.True(Directory.Exists(path), $"shared data not found at {path}: these tests need the data sets in ../shared/data next to the checkout");
            return path;
        }
    }

    /// <summary>A file from Debian packages a test calls; fails, naming the packages, when it is missing.</summary>
    public static string RequireFile(string path, string packages)
    {
        Assert.True(File.Exists(path), $"{path} is missing: apt-get install -y {packages}");
        return path;
    }

    /// <summary>A program on PATH from Debian packages a test calls; fails, naming the packages, when it is missing.</summary>
    public static string RequireCommand(string name, string packages)
    {
        var found = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, name))
            .FirstOrDefault(File.Exists);
        Assert.True(found is not null, $"{name} not found on PATH: apt-get install -y {packages}");
        return found!;
    }
}
