namespace CellDetect.Model.Files;

/// <summary>
/// Which process has a file open, for the message of a refused lock. An exclusively locked file cannot be
/// opened to read a PID written into it, so on Linux the holder is found the way lsof does it: the
/// /proc/PID/fd links that point at the file. Elsewhere, and for other users' processes, it is unknown.
/// </summary>
internal static class LockHolders
{
    public static int? Find(string path)
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }
        var target = Path.GetFullPath(path);
        foreach (var process in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(process), out var pid))
            {
                continue;
            }
            try
            {
                if (Directory.EnumerateFileSystemEntries(Path.Combine(process, "fd")).Any(fd => new FileInfo(fd).LinkTarget == target))
                {
                    return pid;
                }
            }
            catch (Exception e) when (e is UnauthorizedAccessException or IOException)
            {
                // Another user's process, or one that ended while we looked.
            }
        }
        return null;
    }
}
