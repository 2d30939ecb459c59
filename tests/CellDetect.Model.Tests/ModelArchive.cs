using System.IO.Compression;

namespace CellDetect.Model.Tests;

/// <summary>Reads and replaces entries of a model file (a zip), to damage or edit it as a person or a disk would.</summary>
internal static class ModelArchive
{
    public static byte[] Read(string path, string entryName)
    {
        using var archive = ZipFile.OpenRead(path);
        using var stream = archive.GetEntry(entryName)!.Open();
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    public static void Replace(string path, string entryName, byte[] bytes)
    {
        using var archive = ZipFile.Open(path, ZipArchiveMode.Update);
        archive.GetEntry(entryName)!.Delete();
        using var entry = archive.CreateEntry(entryName).Open();
        entry.Write(bytes);
    }
}
