using CellDetect.Core.Imaging;
using CellDetect.Model.Files;
using CellDetect.Model.Inference;
using CellDetect.Pipeline;
using CellDetect.Protocol;
using CellDetect.Protocol.Messages;
using CellDetect.Service.Requests;

namespace CellDetect.Service.Detection;

/// <summary>
/// Turns what a detection throws into the protocol's error (README section 7), with the queue's
/// figures for <c>busy</c> and the listed models for <c>model_not_found</c>. Exceptions it does not know
/// are <c>internal</c>, which the caller logs with their stack.
/// </summary>
public sealed class ErrorMapping(DetectionQueue queue, ModelRegistry models)
{
    public static RequestException Cancelled(long id) => new(ErrorCodes.Cancelled, $"Request {id} was cancelled.");

    /// <param name="call">the request that failed, for the file and model it names</param>
    public RequestException ToError(Exception e, long id, DetectCall call)
    {
        var path = call.Params.Path;
        return e switch
        {
            RequestException known => known,
            OperationCanceledException => Cancelled(id),
            PassQueueFullException => queue.Busy(queue.Count),
            RawPixelSizeException size => new RequestException(ErrorCodes.PayloadSizeMismatch, size.Message, new PayloadSizeMismatchData(size.Expected, size.Actual)),
            InvalidDetectionParameterException parameter => InvalidParameter(parameter),
            ArgumentException argument => RequestException.InvalidParameter(argument.ParamName ?? "params", argument.Message),
            FileNotFoundException missing when path is not null || missing.FileName is not null =>
                new RequestException(ErrorCodes.FileNotFound, missing.Message, new FileErrorData(path ?? missing.FileName!)),
            ModelFileException model => ModelProblem(model, call.Request.Model),
            InvalidDataException or UnauthorizedAccessException or IOException when path is not null =>
                new RequestException(ErrorCodes.UnreadableImage, e.Message, new FileErrorData(path)),
            // The image decoders' word for a sample type they cannot convert (e.g. 1-bit, complex).
            NotSupportedException => new RequestException(ErrorCodes.UnsupportedPixelType, e.Message),
            _ => new RequestException(ErrorCodes.Internal, $"The service failed: {e.GetType().Name}: {e.Message} (details in the service's log)."),
        };
    }

    /// <summary>The pipeline's parameter names are the protocol's, except the map, which the protocol asks for as an output.</summary>
    public static RequestException InvalidParameter(InvalidDetectionParameterException e)
    {
        var data = new Dictionary<string, object> { ["parameter"] = e.Parameter == "keepMap" ? "outputs.proximityMap" : e.Parameter };
        foreach (var (name, bound) in e.Bounds)
        {
            data[name] = bound;
        }
        return new RequestException(ErrorCodes.InvalidParameter, e.Message, data);
    }

    /// <summary>A model file that has gone is <c>model_not_found</c>; one that is there but not a valid model is a bad <c>model</c> parameter.</summary>
    private RequestException ModelProblem(ModelFileException e, string? source) =>
        source is not null && !File.Exists(source) && !ModelCatalog.BuiltInNames.Contains(source)
            ? new RequestException(ErrorCodes.ModelNotFound, e.Message, new ModelNotFoundData(source, models.Names))
            : RequestException.InvalidParameter("model", e.Message);
}
