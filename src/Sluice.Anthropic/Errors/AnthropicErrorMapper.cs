using Sluice.Core.Errors;

namespace Sluice.Anthropic.Errors;

/// <summary>
/// Turns Anthropic failures into the gateway's <see cref="GatewayError"/>: the status a caller can act on, Anthropic's
/// type as the code, retryable where Anthropic says a retry may succeed (429, 500, 529, a broken connection), and
/// advice where the fix is in the account's configuration rather than in the request.
/// </summary>
public static class AnthropicErrorMapper
{
    /// <summary>What <see cref="GatewayError.Upstream"/> says for Anthropic.</summary>
    public const string Upstream = "anthropic";

    /// <summary>When Anthropic throttles without a <c>retry-after</c>: a short wait rather than none.</summary>
    public static readonly TimeSpan DefaultRetryAfter = TimeSpan.FromSeconds(1);

    /// <param name="modelId">The upstream model the call was for.</param>
    public static GatewayError ToGatewayError(AnthropicError error, string modelId)
    {
        var said = error.Message;
        GatewayError mapped = error.Type switch
        {
            AnthropicErrorTypes.InvalidRequest => new(400, ErrorTypes.InvalidRequest, error.Type, $"Anthropic refused the request for {modelId}: {said}"),
            AnthropicErrorTypes.Authentication => new(502, ErrorTypes.Upstream, error.Type,
                $"Anthropic rejected the provider account's API key: {said} Check auth_data.api_key of the account (a key from console.anthropic.com, sk-ant-…)."),
            AnthropicErrorTypes.Permission => new(403, ErrorTypes.Permission, error.Type,
                $"Anthropic does not let the account's API key use {modelId}: {said} Check the key's workspace and the organisation's model access."),
            AnthropicErrorTypes.NotFound => new(404, ErrorTypes.NotFound, error.Type,
                $"Anthropic has no model '{modelId}' for this account: {said} Check model_id (e.g. claude-sonnet-4-5-20250929; GET /v1/models lists the account's models)."),
            AnthropicErrorTypes.RequestTooLarge => new(413, ErrorTypes.InvalidRequest, error.Type, $"The request is too large for Anthropic: {said}"),
            AnthropicErrorTypes.RateLimit => new(429, ErrorTypes.RateLimit, error.Type,
                $"Anthropic is rate limiting the account for {modelId}: {said}", Retryable: true, RetryAfter: error.RetryAfter ?? DefaultRetryAfter),
            AnthropicErrorTypes.Overloaded => new(503, ErrorTypes.Server, error.Type,
                $"Anthropic is overloaded ({modelId}): {said}", Retryable: true, RetryAfter: error.RetryAfter),
            AnthropicErrorTypes.Connection => new(502, ErrorTypes.Upstream, error.Type,
                $"Anthropic could not be called: {said} Check the account's base_url and the gateway's network.", Retryable: true),
            AnthropicErrorTypes.Api => new(502, ErrorTypes.Upstream, error.Type, $"Anthropic had an internal error ({modelId}): {said}", Retryable: true),
            _ when error.Status >= 500 => new(502, ErrorTypes.Upstream, error.Type, $"Anthropic failed ({error.Status}, {error.Type}): {said}", Retryable: true),
            _ => new(error.Status is >= 400 and < 500 ? error.Status : 502, error.Status is >= 400 and < 500 ? ErrorTypes.InvalidRequest : ErrorTypes.Upstream,
                error.Type, $"Anthropic refused the request ({error.Status}, {error.Type}): {said}"),
        };

        var message = error.RequestId is null ? mapped.Message : mapped.Message + " (Anthropic request ID: " + error.RequestId + ")";
        return mapped with { Message = message, Upstream = Upstream };
    }

    public static GatewayException ToGatewayException(AnthropicException exception, string modelId) =>
        new(ToGatewayError(exception.Error, modelId), exception);
}
