using System.Text;
using System.Text.RegularExpressions;
using Sluice.Bedrock.Catalogue;
using Sluice.Bedrock.Errors;
using Sluice.Core.Errors;

namespace Sluice.Bedrock.Provider;

/// <summary>
/// Turns Bedrock failures into the gateway's <see cref="GatewayError"/> with OpenAI statuses and types, keeping the
/// AWS exception name as the code, and rewriting the messages users cannot act on (profile-only models, IAM denials).
/// </summary>
public static partial class BedrockErrorMapper
{
    private const string Grant = "bedrock:InvokeModel (and bedrock:InvokeModelWithResponseStream for streaming)";

    /// <summary>Maps <paramref name="error"/> as raised while calling <paramref name="context"/>.</summary>
    public static GatewayError ToGatewayError(BedrockError error, BedrockErrorContext context)
    {
        var region = context.Region;
        var upstream = "bedrock:" + region;
        var name = error.ExceptionName;
        GatewayError mapped = name switch
        {
            BedrockExceptionNames.Validation => new(400, ErrorTypes.InvalidRequest, name, ValidationMessage(error, context)),
            BedrockExceptionNames.AccessDenied => new(403, ErrorTypes.Permission, name, AccessDeniedMessage(error, context)),
            "AccessDenied" => new(403, ErrorTypes.Permission, name,
                $"AWS STS refused to let the gateway assume the account's role: {error.Message} Allow the gateway's identity sts:AssumeRole on the role, and check the role's trust policy and external ID."),
            BedrockExceptionNames.ResourceNotFound => new(404, ErrorTypes.NotFound, name,
                $"Bedrock found no model '{context.ModelId}' in {region}: {error.Message} Check the model ID and that the model is offered in that region."),
            BedrockExceptionNames.Throttling or BedrockExceptionNames.ModelNotReady or BedrockExceptionNames.ServiceQuotaExceeded =>
                new(429, ErrorTypes.RateLimit, name, $"Bedrock is rate limiting {context.ModelId} in {region}: {error.Message}",
                    Retryable: true, RetryAfter: error.RetryAfter ?? BedrockErrors.DefaultThrottleRetryAfter),
            BedrockExceptionNames.ModelTimeout => new(408, ErrorTypes.Timeout, name,
                $"The model {context.ModelId} timed out in {region}: {error.Message}", Retryable: true),
            BedrockExceptionNames.Timeout => new(504, ErrorTypes.Timeout, name,
                $"Bedrock did not answer in time ({region}): {error.Message}", Retryable: true),
            BedrockExceptionNames.ModelError or BedrockExceptionNames.ModelStreamError => new(502, ErrorTypes.Upstream, name,
                $"The model {context.ModelId} failed: {error.OriginalMessage ?? error.Message}", Retryable: error.Retryable),
            BedrockExceptionNames.InternalServer => new(502, ErrorTypes.Upstream, name,
                $"Bedrock had an internal error in {region}: {error.Message}", Retryable: true),
            BedrockExceptionNames.ServiceUnavailable => new(503, ErrorTypes.Server, name,
                $"Bedrock is unavailable in {region}: {error.Message}", Retryable: true, RetryAfter: error.RetryAfter),
            "UnrecognizedClientException" or "InvalidSignatureException" or "IncompleteSignatureException"
                or "MissingAuthenticationTokenException" or "ExpiredTokenException" or "InvalidClientTokenId" or "ExpiredToken"
                or "SignatureDoesNotMatch" =>
                new(502, ErrorTypes.Upstream, name,
                    $"AWS rejected the provider account's credentials ({name}): {error.Message} Check the account's access key, role or API key."),
            _ => new(502, ErrorTypes.Upstream, name, $"Bedrock failed in {region} ({name}): {error.Message}",
                Retryable: error.Retryable, RetryAfter: error.RetryAfter),
        };

        var message = error.RequestId is null ? mapped.Message : mapped.Message + " (AWS request ID: " + error.RequestId + ")";
        return mapped with { Message = message, Upstream = upstream };
    }

    /// <summary>Wraps <paramref name="exception"/> for the gateway.</summary>
    public static GatewayException ToGatewayException(BedrockException exception, BedrockErrorContext context) =>
        new(ToGatewayError(exception.Error, context), exception);

    private static string ValidationMessage(BedrockError error, BedrockErrorContext context)
    {
        var msg = error.Message;
        var isPlainId = !context.ModelId.StartsWith("arn:", StringComparison.Ordinal) && !GeoPrefixes.TryStrip(context.ModelId, out _, out _);
        if (isPlainId && msg.Contains("on-demand throughput", StringComparison.OrdinalIgnoreCase))
        {
            return BedrockCatalogue.Advise(context.ModelId, context.Region).Message + " AWS said: " + msg;
        }

        if (msg.Contains("model identifier is invalid", StringComparison.OrdinalIgnoreCase))
        {
            return $"Bedrock does not recognize the model ID '{context.ModelId}' in {context.Region}. Check model_id on this model. AWS said: {msg}";
        }

        return msg;
    }

    private static string AccessDeniedMessage(BedrockError error, BedrockErrorContext context)
    {
        var msg = error.Message;
        var principal = PrincipalPattern().Match(msg) is { Success: true } p ? p.Groups[1].Value : null;
        var resource = ResourcePattern().Match(msg) is { Success: true } r ? r.Groups[1].Value.TrimEnd('.', ',', ';') : null;
        var action = ActionPattern().Match(msg) is { Success: true } a ? a.Groups[1].Value : null;
        var resourceParts = resource?.Split(':');
        var resourceRegion = resourceParts is { Length: > 5 } && resourceParts[3].Length > 0 ? resourceParts[3] : null;
        var partition = resourceParts is { Length: > 5 } ? resourceParts[1] : "aws";
        var baseId = BaseModelOf(resource) ?? context.BaseModelId ?? BedrockCatalogue.BaseModelId(context.ModelId) ?? context.ModelId;
        var who = principal ?? "the IAM identity the provider account uses";
        var sb = new StringBuilder();
        if (resourceRegion is not null && !string.Equals(resourceRegion, context.Region, StringComparison.Ordinal))
        {
            var profile = context.ProfileId ?? context.ModelId;
            sb.Append("AWS denied access in region ").Append(resourceRegion)
              .Append(", a destination region of inference profile ").Append(profile)
              .Append(". Grant ").Append(Grant).Append(" on arn:").Append(partition).Append(":bedrock:").Append(resourceRegion)
              .Append("::foundation-model/").Append(baseId).Append(" to ").Append(who).Append('.');
        }
        else if (msg.Contains("don't have access to the model", StringComparison.OrdinalIgnoreCase))
        {
            sb.Append("Model access for ").Append(baseId).Append(" is not enabled in ").Append(context.Region)
              .Append(" for this AWS account. Enable it in the Bedrock console (Model access) in that region.");
        }
        else
        {
            var denied = action ?? (context.Streaming ? "bedrock:InvokeModelWithResponseStream" : "bedrock:InvokeModel");
            sb.Append("AWS denied ").Append(denied).Append(" in region ").Append(context.Region)
              .Append(" for model ").Append(context.ModelId).Append(". Grant ").Append(Grant).Append(" on ")
              .Append(resource ?? $"arn:aws:bedrock:{context.Region}::foundation-model/{baseId}")
              .Append(" to ").Append(who).Append('.');
        }

        return sb.Append(" AWS said: ").Append(msg).ToString();
    }

    private static string? BaseModelOf(string? resourceArn)
    {
        const string marker = ":foundation-model/";
        var at = resourceArn?.IndexOf(marker, StringComparison.Ordinal) ?? -1;
        return at < 0 ? null : resourceArn![(at + marker.Length)..];
    }

    [GeneratedRegex(@"User: (\S+) is not authorized")]
    private static partial Regex PrincipalPattern();

    [GeneratedRegex(@"on resource: (arn:\S+)")]
    private static partial Regex ResourcePattern();

    [GeneratedRegex(@"to perform: (\S+)")]
    private static partial Regex ActionPattern();
}
