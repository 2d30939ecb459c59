using System.Globalization;
using System.Xml;
using System.Xml.Linq;

namespace CellDetect.Imaging.Images.Tiff;

/// <summary>
/// The first Pixels element of the OME-XML that OME-TIFF writers put in the first ImageDescription.
/// Only single-file OME-TIFFs whose planes follow DimensionOrder from the first directory are mapped.
/// </summary>
internal sealed record OmeXmlDescription(int SizeC, int SizeZ, int SizeT, string DimensionOrder, double? PixelWidthMicrons, double? PixelHeightMicrons, double? ZSpacingMicrons)
{
    public static OmeXmlDescription? Parse(string? description)
    {
        if (description is null || !description.Contains("<OME", StringComparison.Ordinal))
        {
            return null;
        }
        XDocument document;
        try
        {
            var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, MaxCharactersInDocument = 64 << 20 };
            using var reader = XmlReader.Create(new StringReader(description.TrimStart('\uFEFF').Trim('\0')), settings);
            document = XDocument.Load(reader);
        }
        catch (XmlException)
        {
            return null;
        }
        var pixels = document.Descendants().FirstOrDefault(e => e.Name.LocalName == "Pixels");
        if (pixels is null)
        {
            return null;
        }
        int Size(string name) => int.TryParse((string?)pixels.Attribute(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : 1;
        double? Physical(string name)
        {
            if (!double.TryParse((string?)pixels.Attribute(name), NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !(value > 0) || !double.IsFinite(value))
            {
                return null;
            }
            // OME's default unit is the micrometre.
            var unit = (string?)pixels.Attribute(name + "Unit") ?? "\u00B5m";
            return LengthUnits.MicronsPer(unit) is { } scale ? value * scale : null;
        }
        var order = ((string?)pixels.Attribute("DimensionOrder") ?? "XYCZT").ToUpperInvariant();
        if (order.Length != 5 || !order.StartsWith("XY", StringComparison.Ordinal) || order[2..].Order().SequenceEqual("CTZ") is false)
        {
            order = "XYCZT";
        }
        return new OmeXmlDescription(Size("SizeC"), Size("SizeZ"), Size("SizeT"), order, Physical("PhysicalSizeX"), Physical("PhysicalSizeY"), Physical("PhysicalSizeZ"));
    }
}
