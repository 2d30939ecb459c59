using System.Diagnostics;

namespace CellDetect.Imaging.Tests.Images;

/// <summary>
/// Runs a Python script that writes files with tifffile (Debian's python3-tifffile), an independent TIFF writer:
/// it stores text tags as UTF-8, as Bio-Formats does, which files written by LibTiff.NET never show.
/// Fails, on purpose, when python3-tifffile is absent.
/// </summary>
internal static class Tifffile
{
    public static void Run(string script, params string[] arguments)
    {
        var python = RepoPaths.RequireFile("/usr/bin/python3", "python3-tifffile");
        var start = new ProcessStartInfo(python) { ArgumentList = { "-c", script }, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"tifffile could not write {string.Join(' ', arguments)} (apt-get install -y python3-tifffile): {error}");
    }
}
