using System.Text.Json;
using CellDetect.Core.Imaging;
using CellDetect.Pipeline;
using CellDetect.Protocol;
using CellDetect.Protocol.Messages;
using CellDetect.Service.Requests;

namespace CellDetect.Service.Detection;

/// <summary>
/// Checks a <c>detect</c> request before anything is read or queued, in the order of README section
/// 4.3: the params' shape (<c>invalid_request</c>, <c>invalid_parameter</c>), <c>unsupported_pixel_type</c>,
/// <c>payload_size_mismatch</c>, <c>model_not_found</c>, <c>file_not_found</c>. (<c>busy</c> comes next,
/// from the queue.) Value ranges are the pipeline's own (<see cref="DetectionRequest.Validate"/>).
/// </summary>
public sealed class DetectRequestReader(ModelRegistry models)
{
    public DetectCall Read(JsonElement? parameters, long payloadLength)
    {
        var given = parameters ?? default;
        var hasPath = Has(given, "path");
        var hasPixels = Has(given, "pixels");
        if (hasPath == hasPixels)
        {
            throw RequestException.InvalidRequest(hasPath
                ? "detect takes either path or pixels, not both."
                : "detect needs either path (an image file on the service's machine) or pixels (sent as the payload).", "path");
        }
        RefuseUnknownSampleType(given);
        var detect = ParamsReader.Read<DetectParams>(Methods.Detect, parameters);
        CheckInputShape(detect);
        var request = new DetectionRequest
        {
            Model = detect.Model,
            Threshold = detect.Threshold,
            Stride = detect.Stride,
            PixelSizeMicrons = detect.PixelSizeMicrons,
            CellDiameterPixels = detect.CellDiameterPixels,
            TestTimeAugmentation = detect.TestTimeAugmentation ?? false,
            KeepMap = detect.Outputs?.ProximityMap == true,
        };
        try
        {
            request.Validate();
        }
        catch (InvalidDetectionParameterException e)
        {
            throw ErrorMapping.InvalidParameter(e);
        }
        if (detect.Pixels is { } format && format.Channels is < 1 or > RawPixels.MaxChannels)
        {
            throw new RequestException(ErrorCodes.UnsupportedPixelType,
                $"pixels.channels must be 1 (grey), 2 (grey + alpha), 3 (RGB) or 4 (RGBA), not {format.Channels}.", new { channels = format.Channels });
        }
        var call = new DetectCall(detect, request);
        if (payloadLength != call.PayloadBytes)
        {
            throw new RequestException(ErrorCodes.PayloadSizeMismatch, detect.Pixels is { } f
                ? $"pixels: {f.Width} x {f.Height} x {f.Channels} {DtypeName(f.DataType)} is {call.PayloadBytes} bytes but the payload has {payloadLength}."
                : $"detect with a path takes no payload, but {payloadLength} bytes came.",
                new PayloadSizeMismatchData(call.PayloadBytes, payloadLength));
        }
        if (detect.Model is { } model)
        {
            call = call with { Request = request with { Model = models.Resolve(model) } };
        }
        if (call.FullPath is { } path && !File.Exists(path))
        {
            throw new RequestException(ErrorCodes.FileNotFound, $"No file at '{detect.Path}' on the service's machine.", new FileErrorData(detect.Path!));
        }
        return call;
    }

    private static bool Has(JsonElement parameters, string member) =>
        parameters.ValueKind == JsonValueKind.Object && parameters.TryGetProperty(member, out var value) && value.ValueKind != JsonValueKind.Null;

    /// <summary>A <c>pixels.dtype</c> that is a string but not a protocol 1 sample type is <c>unsupported_pixel_type</c>, not a wrong value.</summary>
    private static void RefuseUnknownSampleType(JsonElement parameters)
    {
        if (parameters.ValueKind != JsonValueKind.Object || !parameters.TryGetProperty("pixels", out var pixels) || pixels.ValueKind != JsonValueKind.Object
            || !pixels.TryGetProperty("dtype", out var dtype) || dtype.ValueKind != JsonValueKind.String)
        {
            return;
        }
        try
        {
            dtype.Deserialize<PixelDataType>(ProtocolJson.Options);
        }
        catch (JsonException)
        {
            throw new RequestException(ErrorCodes.UnsupportedPixelType,
                $"pixels.dtype must be u8, u16 or f32, not {dtype.GetString()}; convert the pixels to f32.", new { dtype = dtype.GetString() });
        }
    }

    /// <summary>The bounds the schema sets on path, page, region and the pixels' size, which the pipeline checks only once it reads the image.</summary>
    private static void CheckInputShape(DetectParams detect)
    {
        if (detect.Path is "")
        {
            throw RequestException.InvalidParameter("path", "path must name an image file, not be empty.");
        }
        if (detect.Page is { } page && (page < 0 || detect.Pixels is not null))
        {
            throw RequestException.InvalidParameter("page", page < 0 ? $"page is numbered from 0, not {page}." : "page is for files (path); pixels are one image.");
        }
        if (detect.Region is { } region && (region.X < 0 || region.Y < 0 || region.Width < 1 || region.Height < 1))
        {
            throw RequestException.InvalidParameter("region", $"region [{region.X}, {region.Y}, {region.Width}, {region.Height}] needs x, y >= 0 and width, height >= 1.");
        }
        if (detect.Pixels is { } pixels && (pixels.Width < 1 || pixels.Height < 1))
        {
            throw RequestException.InvalidParameter(pixels.Width < 1 ? "pixels.width" : "pixels.height", $"pixels are at least 1 x 1, not {pixels.Width} x {pixels.Height}.");
        }
    }

    private static string DtypeName(PixelDataType type) => JsonSerializer.Serialize(type, ProtocolJson.Options).Trim('"');
}
