using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Sluice.Bedrock.Emulator;

/// <summary>Sends planned events as an event stream, pacing tokens and injecting mid-stream faults.</summary>
internal static class StreamResponder
{
    public static async Task SendAsync(RequestState s, List<StreamEvent> events, ModelKnobs knobs, bool fault, bool invokeStream)
    {
        var http = s.Http;
        var ct = http.RequestAborted;
        var res = http.Response;
        res.StatusCode = 200;
        res.ContentType = "application/vnd.amazon.eventstream";
        res.Headers["x-amzn-RequestId"] = s.RequestId;
        if (invokeStream)
        {
            res.Headers["X-Amzn-Bedrock-Content-Type"] = "application/json";
        }

        var faultKind = knobs.Fault;
        var faultAfter = Math.Max(0, knobs.FaultAfterEvents);
        var writer = new EventStreamWriter(res);
        try
        {
            await res.StartAsync(ct);
            await res.Body.FlushAsync(ct);
            for (var i = 0; i < events.Count; i++)
            {
                if (fault && i == faultAfter)
                {
                    await ApplyFaultAsync(s, writer, faultKind, knobs.StreamExceptionType, ct);
                    return;
                }

                var ev = events[i];
                if (ev.Token && i > 0 && knobs.TokenDelayMs > 0)
                {
                    await Task.Delay(knobs.TokenDelayMs, ct);
                }

                await writer.WriteEventAsync(ev.EventType, ev.Payload, ct);
            }

            if (fault)
            {
                await ApplyFaultAsync(s, writer, faultKind, knobs.StreamExceptionType, ct);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException)
        {
            // The client went away; nothing left to tell it.
        }
    }

    private static async Task ApplyFaultAsync(RequestState s, EventStreamWriter writer, EmulatorFault kind, string exceptionType, CancellationToken ct)
    {
        if (kind == EmulatorFault.DropConnection)
        {
            s.ErrorType = "drop_connection";
            await s.Http.Response.Body.FlushAsync(ct);

            // A reset discards bytes the peer has not read yet; give the events already sent time to arrive,
            // so the client sees a stream that starts and then breaks, as when a real connection dies.
            await Task.Delay(200, ct);
            s.Http.Abort();
            return;
        }

        s.ErrorType = exceptionType;
        await writer.WriteExceptionAsync(exceptionType, ExceptionMessage(exceptionType), ct);
    }

    public static string ExceptionMessage(string exceptionType) => exceptionType switch
    {
        "throttlingException" => "Too many requests, please wait before trying again.",
        "modelStreamErrorException" => "The model encountered an error while streaming the response. Try your request again.",
        "internalServerException" => "The system encountered an unexpected error during processing. Try your request again.",
        "serviceUnavailableException" => "Bedrock is unable to process your request.",
        "modelTimeoutException" => "Model has timed out in processing the request. Try your request again.",
        "validationException" => "The request failed validation while streaming.",
        _ => "The stream failed.",
    };

    /// <summary>Wraps native model stream events as InvokeModelWithResponseStream chunk events ({"bytes":b64,"p":..}).</summary>
    public static List<StreamEvent> AsChunks(List<(byte[] Json, bool Token)> native)
    {
        var events = new List<StreamEvent>(native.Count);
        var pad = 0;
        foreach (var (json, token) in native)
        {
            var p = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"[..(3 + (pad++ * 7 % 29))];
            events.Add(new StreamEvent("chunk", JsonBytes.Write(w =>
            {
                w.WriteStartObject();
                w.WriteBase64String("bytes", json);
                w.WriteString("p", p);
                w.WriteEndObject();
            }), token));
        }

        return events;
    }
}
