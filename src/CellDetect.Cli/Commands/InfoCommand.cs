using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using CellDetect.Imaging.Images;
using CoreSampleFormat = CellDetect.Core.Imaging.SampleFormat;

namespace CellDetect.Cli.Commands;

/// <summary>What <c>celldetect info</c> was asked to describe.</summary>
public sealed record InfoOptions(string Image);

/// <summary>
/// <c>celldetect info IMAGE</c>: one JSON object describing the image (header only, no pixel decoding):
/// width, height, channels, bitsPerSample, sampleFormat ("uint"|"int"|"float"), pages, tiled,
/// pixelSizeMicrons (null when unknown, a number when x == y, else {"x","y"}), format, and where they
/// apply sizeC/sizeZ/sizeT, zSpacingMicrons, tileWidth/tileHeight and compression.
/// </summary>
public sealed class InfoCommand(ImageFileReader reader) : ICliCommand
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public Command Definition()
    {
        var image = Define.Positional("IMAGE", "one TIFF, PNG, JPEG or BMP file");
        var command = new Command("info", "print an image's size, channels, sample type, pages, tiling and pixel size as JSON") { image };
        Define.Body(command, (r, output, _) => Run(new InfoOptions(r.GetValue(image)!), output));
        return command;
    }

    public int Run(InfoOptions options, TextWriter output)
    {
        var info = reader.Identify(options.Image);
        output.WriteLine(ToJson(info).ToJsonString(Indented));
        return 0;
    }

    public static JsonObject ToJson(ImageInfo info)
    {
        var json = new JsonObject
        {
            ["width"] = info.Width,
            ["height"] = info.Height,
            ["channels"] = info.Channels,
            ["bitsPerSample"] = info.BitsPerSample,
            ["sampleFormat"] = info.SampleFormat switch
            {
                CoreSampleFormat.UnsignedInteger => "uint",
                CoreSampleFormat.SignedInteger => "int",
                _ => "float",
            },
            ["pages"] = info.Pages,
            ["tiled"] = info.Tiled,
            ["pixelSizeMicrons"] = info.PixelSize switch
            {
                null => null,
                { } size when size.XMicrons == size.YMicrons => JsonValue.Create(size.XMicrons),
                { } size => new JsonObject { ["x"] = size.XMicrons, ["y"] = size.YMicrons },
            },
            ["format"] = info.Format,
        };
        AddIfKnown(json, "sizeC", info.SizeC);
        AddIfKnown(json, "sizeZ", info.SizeZ);
        AddIfKnown(json, "sizeT", info.SizeT);
        AddIfKnown(json, "zSpacingMicrons", info.ZSpacingMicrons);
        AddIfKnown(json, "tileWidth", info.TileWidth);
        AddIfKnown(json, "tileHeight", info.TileHeight);
        if (info.Compression is { } compression)
        {
            json["compression"] = compression;
        }
        return json;
    }

    private static void AddIfKnown<T>(JsonObject json, string name, T? value)
        where T : struct
    {
        if (value is { } known)
        {
            json[name] = JsonValue.Create(known);
        }
    }
}
