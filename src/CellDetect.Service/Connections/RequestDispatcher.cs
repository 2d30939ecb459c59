using CellDetect.Pipeline;
using CellDetect.Protocol;
using CellDetect.Protocol.Framing;
using CellDetect.Protocol.Messages;
using CellDetect.Service.Detection;
using CellDetect.Service.Requests;
using Microsoft.Extensions.Logging;

namespace CellDetect.Service.Connections;

/// <summary>
/// Answers the requests of every connection (README section 4). <c>hello</c>, <c>models.list</c>,
/// <c>cancel</c> and <c>shutdown</c> are answered at once on the connection's reader; a <c>detect</c> is
/// checked, queued and its payload received there, then runs on a worker thread of its own while the
/// connection goes on reading, and replies when it is done.
/// </summary>
public sealed class RequestDispatcher(DetectionService detection, HelloResult serverHello, Action requestShutdown, ILogger logger)
{
    /// <summary>Handles one request whose header has been read; its payload, if any, is next on the connection.</summary>
    /// <param name="arrived">when the header was read (<see cref="System.Diagnostics.Stopwatch.GetTimestamp"/>)</param>
    public async Task HandleAsync(Connection connection, FrameStart frame, long arrived)
    {
        RequestEnvelope request;
        try
        {
            request = RequestEnvelope.Read(frame.Header);
        }
        catch (EnvelopeException e)
        {
            await connection.SendErrorAsync(e.Id, e.Error.ToErrorInfo()).ConfigureAwait(false);
            return;
        }
        try
        {
            await DispatchAsync(connection, request, frame.PayloadLength, arrived).ConfigureAwait(false);
        }
        catch (RequestException e)
        {
            await connection.SendErrorAsync(request.Id, e.ToErrorInfo()).ConfigureAwait(false);
        }
    }

    private async Task DispatchAsync(Connection connection, RequestEnvelope request, long payloadLength, long arrived)
    {
        if (request.Method != Methods.Hello && !connection.SaidHello)
        {
            throw RequestException.InvalidRequest($"The first request on a connection is hello; {request.Method} came before it.");
        }
        if (!ServerDescription.Capabilities.Contains(request.Method))
        {
            throw new RequestException(ErrorCodes.UnknownMethod,
                $"This server has no method '{request.Method}' (it has {string.Join(", ", ServerDescription.Capabilities)}).", new UnknownMethodData(request.Method));
        }
        if (connection.IsPending(request.Id))
        {
            throw RequestException.InvalidRequest($"Request id {request.Id} is still pending on this connection; use a new id for each request.", "id");
        }
        if (request.Method != Methods.Detect && payloadLength != 0)
        {
            throw new RequestException(ErrorCodes.PayloadSizeMismatch, $"{request.Method} takes no payload, but {payloadLength} bytes came.", new PayloadSizeMismatchData(0, payloadLength));
        }
        switch (request.Method)
        {
            case Methods.Hello:
                await connection.SendResultAsync(request.Id, Hello(connection, request.Params)).ConfigureAwait(false);
                break;
            case Methods.ModelsList:
                ParamsReader.Read<Empty>(request.Method, request.Params);
                await connection.SendResultAsync(request.Id, new ModelsListResult(detection.Models.Models)).ConfigureAwait(false);
                break;
            case Methods.Cancel:
                var cancel = ParamsReader.Read<CancelParams>(request.Method, request.Params);
                if (cancel.Id is < 0 or > Envelope.MaxId)
                {
                    throw RequestException.InvalidParameter("id", $"cancel's id is a request id, an integer from 0 to {Envelope.MaxId}, not {cancel.Id}.");
                }
                await connection.SendResultAsync(request.Id, new CancelResult(connection.TryCancel(cancel.Id))).ConfigureAwait(false);
                break;
            case Methods.Shutdown:
                ParamsReader.Read<Empty>(request.Method, request.Params);
                logger.LogInformation("Connection {Number} asked the service to shut down.", connection.Number);
                await connection.SendResultAsync(request.Id, new Empty()).ConfigureAwait(false);
                requestShutdown();
                break;
            case Methods.Detect:
                await StartDetectionAsync(connection, request, payloadLength, arrived).ConfigureAwait(false);
                break;
        }
    }

    private HelloResult Hello(Connection connection, System.Text.Json.JsonElement? parameters)
    {
        var hello = ParamsReader.Read<HelloParams>(Methods.Hello, parameters);
        if (!ServerDescription.SupportedProtocols.Contains(hello.Protocol))
        {
            throw new RequestException(ErrorCodes.UnsupportedProtocol,
                $"This server speaks protocol {string.Join(", ", ServerDescription.SupportedProtocols)}, not {hello.Protocol}; say hello again with a version it speaks.",
                new UnsupportedProtocolData(hello.Protocol, ServerDescription.SupportedProtocols));
        }
        if (string.IsNullOrWhiteSpace(hello.Client))
        {
            throw RequestException.InvalidParameter("client", "hello's client names the client and its version, e.g. \"qupath-extension 0.1.0\"; it is empty.");
        }
        connection.SaidHello = true;
        logger.LogInformation("Connection {Number}: hello from {Client}.", connection.Number, hello.Client);
        return serverHello;
    }

    /// <summary>Checks the request, takes its place in the queue, receives its pixels, and starts it on a worker.</summary>
    private async Task StartDetectionAsync(Connection connection, RequestEnvelope request, long payloadLength, long arrived)
    {
        var call = detection.Reader.Read(request.Params, payloadLength);
        var place = detection.Queue.Enter(call.WhenBusy);
        PendingDetection pending;
        byte[] payload;
        try
        {
            payload = call.PayloadBytes == 0 ? [] : GC.AllocateUninitializedArray<byte>(checked((int)call.PayloadBytes));
            await connection.ReadPayloadAsync(payload).ConfigureAwait(false);
            pending = connection.AddDetection(request.Id);
        }
        catch
        {
            place.Dispose();
            throw;
        }
        pending.Completion = RunDetectionAsync(connection, pending, call, payload, place, arrived);
    }

    private async Task RunDetectionAsync(Connection connection, PendingDetection pending, DetectCall call, byte[] payload, IDisposable place, long arrived)
    {
        var progress = new ProgressNotifier(step => connection.SendProgressAsync(pending.Id, step));
        try
        {
            DetectReply? reply = null;
            RequestException? failure = null;
            try
            {
                progress.Report(new DetectionProgress(0, 1, DetectionStages.Read));
                reply = await Task.Factory.StartNew(() => detection.Run(call, payload, progress, arrived, pending.Token),
                    CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                failure = detection.Errors.ToError(e, pending.Id, call);
                if (failure.Code == ErrorCodes.Internal)
                {
                    logger.LogError(e, "Connection {Number}: detect {Id} failed.", connection.Number, pending.Id);
                }
            }
            finally
            {
                place.Dispose();
            }
            await progress.CloseAsync().ConfigureAwait(false);
            if (!pending.TryFinish())
            {
                failure = ErrorMapping.Cancelled(pending.Id);
            }
            if (failure is not null)
            {
                logger.LogInformation("Connection {Number}: detect {Id}: {Code}: {Message}", connection.Number, pending.Id, failure.Code, failure.Message);
                await connection.SendErrorAsync(pending.Id, failure.ToErrorInfo()).ConfigureAwait(false);
                return;
            }
            var result = reply!.Result;
            logger.LogInformation("Connection {Number}: detect {Id}: {Count} cells ({Width}x{Height}, model {Model}) in {Milliseconds:0} ms.",
                connection.Number, pending.Id, result.Count, result.Region.Width, result.Region.Height, result.Model.Name, result.Timings.TotalMs);
            await connection.SendResultAsync(pending.Id, result, reply.Payload).ConfigureAwait(false);
        }
        finally
        {
            connection.RemoveDetection(pending);
        }
    }
}
