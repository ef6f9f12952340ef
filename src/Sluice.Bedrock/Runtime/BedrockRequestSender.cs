using Sluice.Bedrock.Credentials;
using Sluice.Bedrock.Errors;
using Sluice.Bedrock.Models;
using Sluice.Bedrock.Signing;
using Sluice.Core.Providers;

namespace Sluice.Bedrock.Runtime;

/// <summary>Builds, authenticates and sends one Bedrock HTTP request; failures come back as <see cref="BedrockException"/>.</summary>
internal sealed class BedrockRequestSender(HttpMessageInvoker http, BedrockCredentialEngine credentials, TimeProvider time, BedrockEndpointResolver endpoints)
{
    /// <summary>SigV4 service name for both the runtime and the control plane (never "bedrock-runtime").</summary>
    public const string SigningService = "bedrock";

    public const string RequestIdHeader = "x-amzn-RequestId";

    private const int MaxErrorBodyBytes = 64 * 1024;
    /// <summary>Added unparsed: the typed <c>UserAgent</c> collection allocates on every request.</summary>
    private const string UserAgent = "sluice-bedrock/1.0";

    public SigV4Signer Signer { get; } = new();

    public BedrockEndpointResolver Endpoints => endpoints;

    public TimeProvider Time => time;

    /// <summary>The region to call: an ARN's own region wins over the target's.</summary>
    public static string RegionFor(BedrockTarget target, out BedrockModelIdentifier model)
    {
        if (!BedrockModelIdentifier.TryParse(target.ModelId, out model, out var error))
        {
            throw new BedrockException(new BedrockError(BedrockExceptionNames.Validation, 400, error!, false,
                Region: target.Region, ModelId: target.ModelId));
        }

        return model.Region ?? target.Region;
    }

    /// <summary>Sends the request; returns the response once headers arrive (2xx only), its body still unread.</summary>
    public async Task<HttpResponseMessage> SendAsync(
        BedrockTarget target,
        string region,
        HttpMethod method,
        Uri uri,
        ReadOnlyMemory<byte> body,
        string? contentType,
        string accept,
        string? bedrockAccept,
        CancellationToken ct,
        UpstreamHeaders? overrides = null)
    {
        var auth = await credentials.ResolveTemplateAsync(target.Auth, region, target.Endpoints.StsTemplate ?? target.Endpoints.Sts?.OriginalString, ct)
            .ConfigureAwait(false);

        using var request = new HttpRequestMessage(method, uri)
        {
            Version = BedrockHttp.RequestVersion,
            VersionPolicy = HttpVersionPolicy.RequestVersionOrLower,
        };
        if (contentType is not null)
        {
            request.Content = new ReadOnlyMemoryContent(body);
            request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        }

        request.Headers.TryAddWithoutValidation("Accept", accept);
        if (bedrockAccept is not null)
        {
            request.Headers.TryAddWithoutValidation("X-Amzn-Bedrock-Accept", bedrockAccept);
        }

        request.Headers.TryAddWithoutValidation("User-Agent", UserAgent);
        if (overrides is not null)
        {
            // A routing target's headers_override; the names Sluice needs were refused when the manifest was applied.
            foreach (var name in overrides.Remove) request.Headers.Remove(name);
            foreach (var (name, value) in overrides.Set)
            {
                request.Headers.Remove(name);
                request.Headers.TryAddWithoutValidation(name, value);
            }
        }

        if (auth.BearerToken is { } token)
        {
            request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + token);
        }
        else
        {
            Signer.Sign(request, contentType, body.Span, auth.SigV4!, region, SigningService, time.GetUtcNow(), overrides?.Set);
        }

        HttpResponseMessage response;
        try
        {
            // HttpClient would buffer the whole body by default; bare invokers already return at the headers.
            response = http is HttpClient client
                ? await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct).ConfigureAwait(false)
                : await http.SendAsync(request, ct).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e) when (e is HttpRequestException or IOException or OperationCanceledException)
        {
            throw BedrockErrors.FromNetwork(e, region, target.ModelId);
        }

        if (response.IsSuccessStatusCode)
        {
            return response;
        }

        using (response)
        {
            throw new BedrockException(await ReadErrorAsync(response, region, target.ModelId, ct).ConfigureAwait(false));
        }
    }

    /// <summary>Reads a whole (successful) body, mapping a broken connection to a retryable error.</summary>
    public static async Task<byte[]> ReadBodyAsync(HttpResponseMessage response, string region, string modelId, CancellationToken ct)
    {
        try
        {
            return await response.Content.ReadAsByteArrayAsync(ct).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e) when (e is HttpRequestException or IOException or OperationCanceledException)
        {
            throw BedrockErrors.FromNetwork(e, region, modelId, RequestId(response));
        }
    }

    public static string? RequestId(HttpResponseMessage response) =>
        response.Headers.TryGetValues(RequestIdHeader, out var values) ? values.FirstOrDefault() : null;

    public static Dictionary<string, string> CollectHeaders(HttpResponseMessage response)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var header in response.Headers)
        {
            headers[header.Key] = string.Join(",", header.Value);
        }

        foreach (var header in response.Content.Headers)
        {
            headers[header.Key] = string.Join(",", header.Value);
        }

        return headers;
    }

    private async Task<BedrockError> ReadErrorAsync(HttpResponseMessage response, string region, string modelId, CancellationToken ct)
    {
        byte[] body;
        try
        {
            await using var stream = await response.Content.ReadAsStreamAsync(ct).ConfigureAwait(false);
            body = new byte[MaxErrorBodyBytes];
            var total = 0;
            int read;
            while (total < body.Length && (read = await stream.ReadAsync(body.AsMemory(total), ct).ConfigureAwait(false)) > 0)
            {
                total += read;
            }

            Array.Resize(ref body, total);
        }
        catch (Exception e) when (e is HttpRequestException or IOException && !ct.IsCancellationRequested)
        {
            body = [];
        }

        var errorType = response.Headers.TryGetValues("x-amzn-ErrorType", out var types) ? types.FirstOrDefault() : null;
        var retryAfter = response.Headers.TryGetValues("Retry-After", out var after) ? after.FirstOrDefault() : null;
        return BedrockErrors.FromHttpResponse((int)response.StatusCode, errorType, body, retryAfter, time.GetUtcNow(),
            RequestId(response), region, modelId);
    }
}
