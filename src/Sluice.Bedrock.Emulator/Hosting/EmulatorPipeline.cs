using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Sluice.Bedrock.Emulator;

/// <summary>The single request delegate: detect service, route on the raw path, authenticate, dispatch, record.</summary>
internal sealed class EmulatorPipeline
{
    private const int MaxBody = 26_000_000;
    private static readonly string[] RecordedHeaders =
        ["content-type", "accept", "user-agent", "x-amz-date", "x-amz-security-token", "x-amz-content-sha256", "x-amzn-bedrock-trace", "x-amzn-bedrock-accept", "x-amzn-bedrock-performanceconfig-latency"];

    private readonly EmulatorState _state;
    private readonly Authenticator _auth;
    private readonly RuntimeHandler _runtime;
    private readonly InferenceProfileHandler _profiles;
    private readonly StsHandler _sts;

    public EmulatorPipeline(EmulatorState state)
    {
        _state = state;
        _auth = new Authenticator(() => state.Fixture, state.Credentials, state.Time);
        _runtime = new RuntimeHandler(state);
        _profiles = new InferenceProfileHandler(state);
        _sts = new StsHandler(state, _auth);
    }

    public async Task InvokeAsync(HttpContext http)
    {
        var rawTarget = http.Features.Get<IHttpRequestFeature>()?.RawTarget ?? (http.Request.Path + http.Request.QueryString);
        if (rawTarget.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || rawTarget.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
        {
            var pathStart = rawTarget.IndexOf('/', rawTarget.IndexOf("//", StringComparison.Ordinal) + 2);
            rawTarget = pathStart < 0 ? "/" : rawTarget[pathStart..];
        }

        var q = rawTarget.IndexOf('?', StringComparison.Ordinal);
        var host = HostInfo.Parse(http.Request.Headers.Host.ToString());
        var s = new RequestState
        {
            Http = http,
            RequestId = Guid.NewGuid().ToString(),
            RawTarget = rawTarget,
            RawPath = q < 0 ? rawTarget : rawTarget[..q],
            RawQuery = q < 0 ? "" : rawTarget[(q + 1)..],
            Host = host,
            Started = _state.Time.GetUtcNow(),
        };
        s.Service = host.Service ?? (s.RawPath.StartsWith("/model/", StringComparison.Ordinal) ? "bedrock-runtime"
            : s.RawPath.StartsWith("/inference-profiles", StringComparison.Ordinal) ? "bedrock"
            : s.RawPath == "/" ? "sts" : "bedrock-runtime");
        if (host.Region is not null)
        {
            s.Region = host.Region;
        }

        // A response with a Content-Length is complete for the client once its last byte is written, before this
        // delegate returns, so a test reading Stats right after its call could see the previous request. Record such
        // responses as their headers go out. Event streams end (terminating chunk) only after the delegate returns,
        // and their fault frames come later, so they are recorded in the finally below.
        http.Response.OnStarting(static state =>
        {
            var (pipeline, request) = ((EmulatorPipeline, RequestState))state;
            if (!string.Equals(request.Http.Response.ContentType, "application/vnd.amazon.eventstream", StringComparison.OrdinalIgnoreCase))
            {
                pipeline.RecordOnce(request);
            }

            return Task.CompletedTask;
        }, (this, s));

        try
        {
            s.Body = await ReadBodyAsync(http);
            switch (s.Service)
            {
                case "sts":
                    await _sts.HandleAsync(s);
                    break;
                case "bedrock":
                    if (!InferenceProfileHandler.TryRoute(http.Request.Method, s.RawPath, out var encodedId))
                    {
                        throw new RequestRejected(AwsError.UnknownOperation());
                    }

                    s.Operation = "GetInferenceProfile";
                    s.ModelId = Uri.UnescapeDataString(encodedId);
                    _state.Stats.CountOperation(s.Operation);
                    Authenticate(s);
                    await _profiles.HandleAsync(s);
                    break;
                default:
                    if (!RuntimeHandler.TryRoute(http.Request.Method, s.RawPath, out var encodedModel, out var op))
                    {
                        throw new RequestRejected(AwsError.UnknownOperation());
                    }

                    s.Operation = op;
                    s.ModelId = Uri.UnescapeDataString(encodedModel);
                    _state.Stats.CountOperation(op);
                    Authenticate(s);
                    await _runtime.HandleAsync(s);
                    break;
            }
        }
        catch (RequestRejected rejected)
        {
            s.ErrorType = rejected.Error.Type;
            if (!http.Response.HasStarted)
            {
                if (s.Service == "sts")
                {
                    await ErrorWriter.WriteStsAsync(http, rejected.Error, s.RequestId);
                }
                else
                {
                    await ErrorWriter.WriteJsonAsync(http, rejected.Error, s.RequestId);
                }
            }
        }
        catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested)
        {
            // Client gave up (or we aborted on purpose).
        }
        finally
        {
            RecordOnce(s);
        }
    }

    private void RecordOnce(RequestState s)
    {
        if (Interlocked.Exchange(ref s.Recorded, 1) == 0)
        {
            Record(s);
        }
    }

    private void Authenticate(RequestState s)
    {
        var error = _auth.Authenticate(s, "bedrock", bearerAllowed: true);
        if (error is not null)
        {
            throw new RequestRejected(error);
        }
    }

    private static async Task<byte[]> ReadBodyAsync(HttpContext http)
    {
        if (http.Request.ContentLength is > MaxBody)
        {
            throw RequestRejected.Validation("Input is too long for requested model.");
        }

        using var buffer = new MemoryStream(http.Request.ContentLength is { } n ? (int)n : 1024);
        await http.Request.Body.CopyToAsync(buffer, http.RequestAborted);
        return buffer.ToArray();
    }

    private void Record(RequestState s)
    {
        var headers = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in RecordedHeaders)
        {
            var value = s.Http.Request.Headers[name];
            if (value.Count > 0) headers[name] = value.ToString();
        }

        // Every Bedrock request option header (service tier, latency, trace, ...) as well, so tests can see a
        // target's headers_override arrive; the signature check above already covered the ones that were signed.
        foreach (var (name, value) in s.Http.Request.Headers)
        {
            if (name.StartsWith("x-amzn-bedrock-", StringComparison.OrdinalIgnoreCase)) headers[name.ToLowerInvariant()] = value.ToString();
        }

        var record = new RequestRecord
        {
            RequestId = s.RequestId,
            Service = s.Service,
            Operation = s.Operation,
            Method = s.Http.Request.Method,
            RawTarget = s.RawTarget,
            Host = s.Http.Request.Headers.Host.ToString(),
            Protocol = s.Http.Request.Protocol,
            ModelId = s.ModelId,
            Region = s.Region,
            ServedRegion = s.ServedRegion,
            ResolvedModelId = s.ResolvedModelId,
            AuthKind = s.AuthKind,
            AccessKeyId = s.AccessKeyId,
            PrincipalArn = s.Principal?.Arn,
            Headers = headers,
            Body = s.Body.Length > 65536 ? System.Text.Encoding.UTF8.GetString(s.Body, 0, 65536) : System.Text.Encoding.UTF8.GetString(s.Body),
            StatusCode = s.Http.Response.StatusCode,
            ErrorType = s.ErrorType,
        };
        _state.Stats.Record(record);
        _state.Log($"{record.Protocol} {record.Method} {record.RawTarget} host={record.Host} op={record.Operation} region={record.Region} served={record.ServedRegion} principal={record.PrincipalArn} -> {record.StatusCode} {record.ErrorType}");
    }
}
