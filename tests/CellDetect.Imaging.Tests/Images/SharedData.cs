namespace CellDetect.Imaging.Tests.Images;

/// <summary>Finds ../shared/data next to the checkout (the folder holding CellDetect.Plugin.sln).</summary>
public static class SharedData
{
    public static string Directory
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "CellDetect.Plugin.sln")))
                {
                    return Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "data"));
                }
            }
            throw new DirectoryNotFoundException("No folder containing CellDetect.Plugin.sln above " + AppContext.BaseDirectory);
        }
    }

    public static string[] Files(string dataset, string pattern) =>
        System.IO.Directory.GetFiles(Path.Combine(Directory, dataset, "train"), pattern).Order(StringComparer.Ordinal).ToArray();
}
