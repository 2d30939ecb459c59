using CellDetect.Core.Imaging;
using BitMiracle.LibTiff.Classic;

namespace CellDetect.Imaging.Images.Tiff;

/// <summary>
/// Decodes a rectangle of the current directory into float planes, touching only the tiles or strips
/// that overlap it: memory is the output plus one tile/strip buffer, whatever the image size.
/// </summary>
internal static class TiffPixelReader
{
    /// <summary>
    /// Writes the page's channels for <paramref name="region"/> into <paramref name="target"/>, planes of
    /// region.Width x region.Height, starting at plane <paramref name="firstChannel"/>.
    /// </summary>
    public static void Read(TiffFile file, TiffPage page, PixelRegion region, float[] target, int firstChannel)
    {
        if (page.Mode == TiffDecodeMode.Rgba)
        {
            ReadRgba(file, page, region, target, firstChannel);
            return;
        }
        ReadSamples(file, page, region, target, firstChannel);
        var planeLength = region.Width * region.Height;
        if (page.MinIsWhite)
        {
            var maximum = (float)page.OutputSample.NominalMaximum;
            SampleRowConverter.Invert(target.AsSpan(firstChannel * planeLength, page.Channels * planeLength), maximum);
        }
        if (page.Mode == TiffDecodeMode.Palette)
        {
            ExpandPalette(file, page, target.AsSpan(firstChannel * planeLength, 3 * planeLength), planeLength);
        }
    }

    private static void ReadSamples(TiffFile file, TiffPage page, PixelRegion region, float[] target, int firstChannel)
    {
        var tiff = file.Handle;
        var planes = page.Planar ? page.SamplesPerPixel : 1;
        var samplesPerChunkPixel = page.Planar ? 1 : page.SamplesPerPixel;
        var rowBytes = page.ChunkWidth * samplesPerChunkPixel * page.BytesPerSample;
        var chunkBytes = page.Tiled ? tiff.TileSize() : tiff.StripSize();
        var buffer = new byte[Math.Max(chunkBytes, rowBytes * page.ChunkHeight)];
        var planeLength = region.Width * region.Height;
        var decodedChannels = page.Mode == TiffDecodeMode.Palette ? 1 : page.SamplesPerPixel;

        for (int chunkY = region.Y / page.ChunkHeight * page.ChunkHeight; chunkY < region.Bottom; chunkY += page.ChunkHeight)
        {
            var chunkX0 = page.Tiled ? region.X / page.ChunkWidth * page.ChunkWidth : 0;
            for (int chunkX = chunkX0; chunkX < region.Right; chunkX += page.ChunkWidth)
            {
                var y0 = Math.Max(region.Y, chunkY);
                var y1 = Math.Min(region.Bottom, chunkY + page.ChunkHeight);
                var x0 = Math.Max(region.X, chunkX);
                var x1 = Math.Min(region.Right, chunkX + page.ChunkWidth);
                var neededBytes = (y1 - chunkY) * rowBytes;
                for (short plane = 0; plane < planes; plane++)
                {
                    DecodeChunk(file, page, chunkX, chunkY, plane, buffer, neededBytes);
                    for (int y = y0; y < y1; y++)
                    {
                        var row = buffer.AsSpan((y - chunkY) * rowBytes, rowBytes);
                        var targetRow = (y - region.Y) * region.Width + (x0 - region.X);
                        if (page.Planar)
                        {
                            var channel = firstChannel + plane;
                            SampleRowConverter.Convert(row, x0 - chunkX, 1, x1 - x0, page.BitsPerSample, page.SampleFormat,
                                target.AsSpan(channel * planeLength + targetRow, x1 - x0));
                            continue;
                        }
                        for (int c = 0; c < decodedChannels; c++)
                        {
                            SampleRowConverter.Convert(row, (x0 - chunkX) * samplesPerChunkPixel + c, samplesPerChunkPixel, x1 - x0, page.BitsPerSample, page.SampleFormat,
                                target.AsSpan((firstChannel + c) * planeLength + targetRow, x1 - x0));
                        }
                    }
                }
            }
        }
    }

    private static void DecodeChunk(TiffFile file, TiffPage page, int chunkX, int chunkY, short plane, byte[] buffer, int neededBytes)
    {
        var tiff = file.Handle;
        TiffMessageCapture.ClearErrors();
        int index, read;
        if (page.Tiled)
        {
            index = tiff.ComputeTile(chunkX, chunkY, 0, plane);
            read = file.Guard(() => tiff.ReadEncodedTile(index, buffer, 0, buffer.Length));
        }
        else
        {
            index = tiff.ComputeStrip(chunkY, plane);
            read = file.Guard(() => tiff.ReadEncodedStrip(index, buffer, 0, buffer.Length));
        }
        var kind = page.Tiled ? "tile" : "strip";
        if (read < 0 || TiffMessageCapture.Errors.Count > 0)
        {
            throw file.Fail($"cannot decode {kind} {index} ({TiffPage.CompressionName(page.Compression)} compression): {TiffFile.ErrorText("the data is corrupt or the file is truncated")}.");
        }
        if (read < neededBytes)
        {
            throw file.Fail($"{kind} {index} is truncated: decoded {read} of {neededBytes} bytes.");
        }
    }

    private static void ReadRgba(TiffFile file, TiffPage page, PixelRegion region, float[] target, int firstChannel)
    {
        var tiff = file.Handle;
        var raster = new int[page.ChunkWidth * page.ChunkHeight];
        var planeLength = region.Width * region.Height;
        var red = target.AsSpan(firstChannel * planeLength, planeLength);
        var green = target.AsSpan((firstChannel + 1) * planeLength, planeLength);
        var blue = target.AsSpan((firstChannel + 2) * planeLength, planeLength);
        for (int chunkY = region.Y / page.ChunkHeight * page.ChunkHeight; chunkY < region.Bottom; chunkY += page.ChunkHeight)
        {
            var chunkX0 = page.Tiled ? region.X / page.ChunkWidth * page.ChunkWidth : 0;
            for (int chunkX = chunkX0; chunkX < region.Right; chunkX += page.ChunkWidth)
            {
                TiffMessageCapture.ClearErrors();
                var ok = page.Tiled
                    ? file.Guard(() => tiff.ReadRGBATile(chunkX, chunkY, raster))
                    : file.Guard(() => tiff.ReadRGBAStrip(chunkY, raster));
                if (!ok || TiffMessageCapture.Errors.Count > 0)
                {
                    throw file.Fail($"cannot decode the YCbCr {(page.Tiled ? "tile" : "strip")} at ({chunkX},{chunkY}): {TiffFile.ErrorText("the data is corrupt or the file is truncated")}.");
                }
                // LibTiff's RGBA rasters have their origin at the lower left: tiles are always full height,
                // strips hold only the rows that exist.
                var rasterRows = page.Tiled ? page.ChunkHeight : Math.Min(page.ChunkHeight, page.Height - chunkY);
                var y0 = Math.Max(region.Y, chunkY);
                var y1 = Math.Min(region.Bottom, chunkY + page.ChunkHeight);
                var x0 = Math.Max(region.X, chunkX);
                var x1 = Math.Min(region.Right, chunkX + page.ChunkWidth);
                for (int y = y0; y < y1; y++)
                {
                    var source = raster.AsSpan((rasterRows - 1 - (y - chunkY)) * page.ChunkWidth + (x0 - chunkX), x1 - x0);
                    var offset = (y - region.Y) * region.Width + (x0 - region.X);
                    for (int i = 0; i < source.Length; i++)
                    {
                        var abgr = source[i];
                        red[offset + i] = abgr & 0xFF;
                        green[offset + i] = (abgr >> 8) & 0xFF;
                        blue[offset + i] = (abgr >> 16) & 0xFF;
                    }
                }
            }
        }
    }

    private static void ExpandPalette(TiffFile file, TiffPage page, Span<float> planes, int planeLength)
    {
        var map = file.Handle.GetField(TiffTag.COLORMAP);
        var entries = 1 << page.BitsPerSample;
        if (map is not { Length: >= 3 })
        {
            throw file.Fail("palette image without a ColorMap tag.");
        }
        var channels = new ushort[3][];
        for (int c = 0; c < 3; c++)
        {
            var values = map[c].ToShortArray();
            if (values is null || values.Length < entries)
            {
                throw file.Fail($"palette image with a ColorMap of {values?.Length ?? 0} entries; {entries} needed.");
            }
            channels[c] = Array.ConvertAll(values, v => (ushort)v);
        }
        // The TIFF colour map is 16-bit; some writers put 8-bit values in it. Either way the result is 8-bit.
        var eightBit = channels.All(m => m.Take(entries).All(v => v <= 255));
        var lookup = new float[3, entries];
        for (int c = 0; c < 3; c++)
        {
            for (int i = 0; i < entries; i++)
            {
                lookup[c, i] = eightBit ? channels[c][i] : MathF.Round(channels[c][i] / 257f);
            }
        }
        var red = planes[..planeLength];
        var green = planes.Slice(planeLength, planeLength);
        var blue = planes.Slice(2 * planeLength, planeLength);
        for (int i = 0; i < planeLength; i++)
        {
            var index = (int)red[i];
            red[i] = lookup[0, index];
            green[i] = lookup[1, index];
            blue[i] = lookup[2, index];
        }
    }
}
