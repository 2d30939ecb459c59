using BitMiracle.LibTiff.Classic;

namespace CellDetect.Imaging.Maps;

/// <summary>Writes a single-channel float32 TIFF (the proximity map), atomically, readable by ImageJ, QuPath and tifffile.</summary>
public static class Float32Tiff
{
    private const int RowsPerStrip = 64;

    public static void Write(string path, ReadOnlySpan<float> values, int width, int height)
    {
        if (values.Length != width * height)
        {
            throw new ArgumentException($"Expected {width * height} values for {width}x{height}, got {values.Length}.", nameof(values));
        }
        var bytes = new byte[values.Length * sizeof(float)];
        System.Runtime.InteropServices.MemoryMarshal.AsBytes(values).CopyTo(bytes);
        // LibTiff.NET closes the stream it writes to, so the file is built in memory and then written atomically.
        var encoded = new MemoryStream();
        using (var tiff = Tiff.ClientOpen(path, "w", encoded, new TiffStream()) ?? throw new IOException($"Cannot create TIFF '{path}'."))
        {
            tiff.SetField(TiffTag.IMAGEWIDTH, width);
            tiff.SetField(TiffTag.IMAGELENGTH, height);
            tiff.SetField(TiffTag.SAMPLESPERPIXEL, 1);
            tiff.SetField(TiffTag.BITSPERSAMPLE, 32);
            tiff.SetField(TiffTag.SAMPLEFORMAT, SampleFormat.IEEEFP);
            tiff.SetField(TiffTag.PHOTOMETRIC, Photometric.MINISBLACK);
            tiff.SetField(TiffTag.PLANARCONFIG, PlanarConfig.CONTIG);
            tiff.SetField(TiffTag.COMPRESSION, Compression.DEFLATE);
            tiff.SetField(TiffTag.ROWSPERSTRIP, RowsPerStrip);
            var rowBytes = width * sizeof(float);
            for (int y = 0; y < height; y++)
            {
                if (!tiff.WriteScanline(bytes, y * rowBytes, y, 0))
                {
                    throw new IOException($"Writing row {y} of '{path}' failed.");
                }
            }
            tiff.WriteDirectory();
        }
        AtomicFile.WriteAllBytes(path, encoded.ToArray());
    }
}
