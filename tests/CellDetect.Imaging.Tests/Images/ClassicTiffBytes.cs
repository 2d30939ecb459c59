using System.Buffers.Binary;
using BitMiracle.LibTiff.Classic;

namespace CellDetect.Imaging.Tests.Images;

/// <summary>
/// Reads and patches the directories of a little-endian classic TIFF in memory, to damage files the way
/// disks, copies and broken writers do. Directory entries are 12 bytes: tag, type, count, value.
/// </summary>
internal static class ClassicTiffBytes
{
    private const int EntrySize = 12;

    /// <summary>The byte offset of directory <paramref name="index"/> (0 = the first), following the chain.</summary>
    public static int Directory(byte[] bytes, int index)
    {
        var ifd = (int)BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(4));
        for (int i = 0; i < index; i++)
        {
            ifd = (int)BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(NextLink(bytes, ifd)));
        }
        return ifd;
    }

    /// <summary>Where the directory at <paramref name="ifd"/> stores the offset of the next one.</summary>
    public static int NextLink(byte[] bytes, int ifd) => ifd + 2 + EntryCount(bytes, ifd) * EntrySize;

    /// <summary>The directory's bytes: entry count, entries and next link (values stored elsewhere excluded).</summary>
    public static int DirectoryLength(byte[] bytes, int ifd) => 2 + EntryCount(bytes, ifd) * EntrySize + 4;

    public static uint Tag(byte[] bytes, int ifd, ushort tag)
    {
        var entry = Entry(bytes, ifd, tag);
        return (TiffType)BinaryPrimitives.ReadUInt16LittleEndian(entry[2..]) == TiffType.SHORT
            ? BinaryPrimitives.ReadUInt16LittleEndian(entry[8..])
            : BinaryPrimitives.ReadUInt32LittleEndian(entry[8..]);
    }

    /// <summary>Overwrites the inline SHORT/LONG value of <paramref name="tag"/>.</summary>
    public static void SetTag(byte[] bytes, int ifd, ushort tag, uint value)
    {
        var entry = Entry(bytes, ifd, tag);
        if ((TiffType)BinaryPrimitives.ReadUInt16LittleEndian(entry[2..]) == TiffType.SHORT)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(entry[8..], (ushort)value);
        }
        else
        {
            BinaryPrimitives.WriteUInt32LittleEndian(entry[8..], value);
        }
    }

    private static int EntryCount(byte[] bytes, int ifd) => BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(ifd));

    private static Span<byte> Entry(byte[] bytes, int ifd, ushort tag)
    {
        for (int i = 0; i < EntryCount(bytes, ifd); i++)
        {
            var entry = bytes.AsSpan(ifd + 2 + i * EntrySize, EntrySize);
            if (BinaryPrimitives.ReadUInt16LittleEndian(entry) == tag)
            {
                return entry;
            }
        }
        throw new InvalidOperationException($"tag {tag} not found in the directory at byte {ifd}");
    }
}
