// MSBuild inline task: sets VER_FLG_WEAK on one ELF version-need entry (see LibTorchSharpGlibcxx.targets).
using System;
using System.IO;
using System.Text;

public sealed class MarkGlibcxxVersionNeedWeak : Microsoft.Build.Utilities.Task
{
    private const uint ShtGnuVerneed = 0x6ffffffe;
    private const ushort VerFlagWeak = 0x2;

    [Microsoft.Build.Framework.Required]
    public Microsoft.Build.Framework.ITaskItem[] Libraries { get; set; } = System.Array.Empty<Microsoft.Build.Framework.ITaskItem>();

    [Microsoft.Build.Framework.Required]
    public string VersionName { get; set; } = "";

    public override bool Execute()
    {
        if (SystemLibStdCxxHas(VersionName))
        {
            Log.LogMessage(Microsoft.Build.Framework.MessageImportance.Low, "System libstdc++ provides " + VersionName + "; nothing to patch.");
            return true;
        }
        foreach (var item in Libraries)
        {
            var path = item.GetMetadata("FullPath");
            try
            {
                var bytes = File.ReadAllBytes(path);
                switch (MarkWeak(bytes, VersionName))
                {
                    case PatchResult.Patched:
                        var temp = path + ".patching";
                        File.WriteAllBytes(temp, bytes);
                        // A rename, not a copy over the file: the build output may hard-link NuGet's copy, which must stay as shipped.
                        File.Replace(temp, path, null);
                        Log.LogMessage(Microsoft.Build.Framework.MessageImportance.High, "Marked " + VersionName + " weak in " + path);
                        break;
                    case PatchResult.AlreadyWeak:
                        Log.LogMessage(Microsoft.Build.Framework.MessageImportance.Low, VersionName + " already weak in " + path);
                        break;
                    default:
                        Log.LogMessage(Microsoft.Build.Framework.MessageImportance.Low, path + " does not need " + VersionName);
                        break;
                }
            }
            catch (Exception e) when (e is IOException || e is InvalidDataException || e is ArgumentOutOfRangeException)
            {
                Log.LogError("Cannot patch " + path + ": " + e.Message);
                return false;
            }
        }
        return true;
    }

    private static bool SystemLibStdCxxHas(string versionName)
    {
        string[] candidates =
        {
            "/usr/lib/x86_64-linux-gnu/libstdc++.so.6", "/lib/x86_64-linux-gnu/libstdc++.so.6",
            "/usr/lib/aarch64-linux-gnu/libstdc++.so.6", "/usr/lib64/libstdc++.so.6", "/usr/lib/libstdc++.so.6",
        };
        var needle = Encoding.ASCII.GetBytes(versionName + "\0");
        foreach (var candidate in candidates)
        {
            if (File.Exists(candidate))
            {
                return Contains(File.ReadAllBytes(candidate), needle);
            }
        }
        return false;
    }

    private enum PatchResult { NotNeeded, AlreadyWeak, Patched }

    private static PatchResult MarkWeak(byte[] elf, string versionName)
    {
                if (elf.Length < 64 || elf[0] != 0x7f || elf[1] != (byte)'E' || elf[2] != (byte)'L' || elf[3] != (byte)'F')
            throw new InvalidDataException("not an ELF file");
        if (elf[4] != 2 || elf[5] != 1)
            throw new InvalidDataException("only 64-bit little-endian ELF is supported");
        var sectionHeaders = checked((int)ReadU64(elf, 0x28));
        int headerSize = ReadU16(elf, 0x3A);
        int headerCount = ReadU16(elf, 0x3C);
        for (int s = 0; s < headerCount; s++)
        {
            var header = sectionHeaders + s * headerSize;
            if (ReadU32(elf, header + 4) != ShtGnuVerneed) continue;
            var offset = checked((int)ReadU64(elf, header + 0x18));
            var link = (int)ReadU32(elf, header + 0x28);
            var needCount = (int)ReadU32(elf, header + 0x2C);
            var strings = sectionHeaders + link * headerSize;
            var stringsOffset = checked((int)ReadU64(elf, strings + 0x18));
            var need = offset;
            for (int n = 0; n < needCount; n++)
            {
                int auxCount = ReadU16(elf, need + 2);
                var aux = need + (int)ReadU32(elf, need + 8);
                for (int a = 0; a < auxCount; a++)
                {
                    var nameOffset = stringsOffset + (int)ReadU32(elf, aux + 8);
                    var nameEnd = Array.IndexOf(elf, (byte)0, nameOffset);
                    if (Encoding.ASCII.GetString(elf, nameOffset, nameEnd - nameOffset) == versionName)
                    {
                        var flags = ReadU16(elf, aux + 4);
                        if ((flags & VerFlagWeak) != 0) return PatchResult.AlreadyWeak;
                        var weak = (ushort)(flags | VerFlagWeak);
                        elf[aux + 4] = (byte)weak;
                        elf[aux + 5] = (byte)(weak >> 8);
                        return PatchResult.Patched;
                    }
                    aux += (int)ReadU32(elf, aux + 12);
                }
                need += (int)ReadU32(elf, need + 12);
            }
        }
        return PatchResult.NotNeeded;
    }

    private static bool Contains(byte[] haystack, byte[] needle)
    {
        for (int i = Array.IndexOf(haystack, needle[0]); i >= 0 && i <= haystack.Length - needle.Length; i = Array.IndexOf(haystack, needle[0], i + 1))
        {
            int k = 1;
            while (k < needle.Length && haystack[i + k] == needle[k]) k++;
            if (k == needle.Length) return true;
        }
        return false;
    }

    private static ushort ReadU16(byte[] b, int at) => (ushort)(b[at] | b[at + 1] << 8);

    private static uint ReadU32(byte[] b, int at) => (uint)(ReadU16(b, at) | ReadU16(b, at + 2) << 16);

    private static ulong ReadU64(byte[] b, int at) => ReadU32(b, at) | (ulong)ReadU32(b, at + 4) << 32;
}
