using Sluice.Core.Errors;
using Sluice.OpenAI.Client;

namespace Sluice.OpenAI.Errors;

/// <summary>
/// Turns an OpenAI-shaped API's error into the gateway's <see cref="GatewayError"/>: the status a caller of Sluice
/// should see, the upstream's code kept, and a message that says what to do. The account's own key failing is the
/// gateway's problem (502), not the caller's (401).
/// </summary>
public static class OpenAiErrorMapper
{
    /// <summary>Maps <paramref name="e"/>, raised while calling <paramref name="modelId"/> at <paramref name="endpoint"/>.</summary>
    public static GatewayError ToGatewayError(OpenAiApiException e, IOpenAiEndpoint endpoint, string modelId)
    {
        var who = endpoint.DisplayName;
        var said = e.Message;
        var code = e.Code ?? e.Type;
        GatewayError mapped = e.Status switch
        {
            0 => new(502, ErrorTypes.Upstream, code, said, Retryable: true),
            400 or 422 => new(400, ErrorTypes.InvalidRequest, code, $"{who} refused the request: {said}", e.Param),
            401 => new(502, ErrorTypes.Upstream, code ?? "invalid_api_key",
                $"{who} rejected the provider account's credentials: {said} Check the account's API key (auth_data.api_key)."),
            403 => new(403, ErrorTypes.Permission, code,
                $"{who} denied access to {modelId}: {said} Check that the account's key, organization and project may use this model."),
            404 => new(404, ErrorTypes.NotFound, code ?? "model_not_found",
                $"{who} has no model '{modelId}' that the account's key can use: {said} Check model_id on this model."),
            408 or 504 => new(504, ErrorTypes.Timeout, code, $"{who} did not answer in time: {said}", Retryable: true),
            429 when IsQuota(e) => new(429, ErrorTypes.RateLimit, "insufficient_quota",
                $"The provider account has used up its {who} quota (billing), so retrying will not help: {said} Add credit or raise the account's limits."),
            429 => new(429, ErrorTypes.RateLimit, code ?? "rate_limit_exceeded", $"{who} is rate limiting the account for {modelId}: {said}",
                Retryable: true, RetryAfter: e.RetryAfter ?? DefaultRetryAfter),
            503 => new(503, ErrorTypes.Server, code, $"{who} is unavailable: {said}", Retryable: true, RetryAfter: e.RetryAfter),
            >= 500 => new(502, ErrorTypes.Upstream, code, $"{who} failed ({e.Status}): {said}", Retryable: true, RetryAfter: e.RetryAfter),
            _ => new(e.Status, ErrorTypes.InvalidRequest, code, $"{who} refused the request ({e.Status}): {said}", e.Param),
        };
        return mapped with { Upstream = endpoint.UpstreamName };
    }

    /// <summary>Wraps <paramref name="e"/> for the gateway.</summary>
    public static GatewayException ToGatewayException(OpenAiApiException e, IOpenAiEndpoint endpoint, string modelId) =>
        new(ToGatewayError(e, endpoint, modelId), e);

    /// <summary>An error event in the middle of a stream (bytes may have reached the client: no retry, an error event).</summary>
    public static GatewayError MidStream(OpenAiApiException e, IOpenAiEndpoint endpoint, string modelId)
    {
        var mapped = ToGatewayError(e, endpoint, modelId);
        return e.Status == 0 && e.Code is not "upstream_unreachable"
            ? mapped with { Code = e.Code ?? e.Type ?? "stream_error", Message = $"{endpoint.DisplayName} failed while streaming {modelId}: {e.Message}" }
            : mapped;
    }

    /// <summary>What a 429 without a hint waits: OpenAI's limits refill within seconds.</summary>
    private static readonly TimeSpan DefaultRetryAfter = TimeSpan.FromSeconds(1);

    // A spent quota answers 429 too, but it is billing, not a rate: retrying only burns attempts.
    private static bool IsQuota(OpenAiApiException e) => e.Code == "insufficient_quota" || e.Type == "insufficient_quota";
}
