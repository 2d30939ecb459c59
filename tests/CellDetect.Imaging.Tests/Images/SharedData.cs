namespace CellDetect.Imaging.Tests.Images;

/// <summary>Finds ../shared/data next to the checkout (the folder holding CellDetect.Plugin.sln).</summary>
public static class SharedData
{
    public static string Directory => RepoPaths.SharedData;

    public static string[] Files(string dataset, string pattern) =>
        System.IO.Directory.GetFiles(Path.Combine(Directory, dataset, "train"), pattern).Order(StringComparer.Ordinal).ToArray();
}
