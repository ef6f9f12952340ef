using System.Globalization;
using Microsoft.AspNetCore.Http;
using Sluice.Core.Access;
using Sluice.Core.Configuration;
using Sluice.Core.Errors;
using Sluice.Limits.Checking;
using Sluice.Limits.Rules;

namespace Sluice.Gateway.Pipeline;

/// <summary>
/// The data plane's limit check, made once per model call before the upstream call: the call's subjects, model and
/// metadata go to <see cref="LimitChecker"/>; an admitted call keeps its lease on <see cref="ApiCall.Limits"/> (settled
/// by <see cref="UsageReporter"/> with the real tokens and cost); a refused one gets the 429 as a
/// <see cref="GatewayError"/>, which each front end renders in its own shape (OpenAI here, Anthropic on /v1/messages).
/// </summary>
public sealed class LimitGate(LimitChecker checker, Telemetry.GatewayMetrics? metrics = null)
{
    /// <summary>Completion tokens reserved for a chat call that sets no <c>max_tokens</c>.</summary>
    public const int DefaultCompletionReserve = 4096;

    /// <summary>Bytes of request body per estimated prompt token.</summary>
    public const int BytesPerToken = 4;

    public LimitChecker Checker => checker;

    /// <summary>What a call reserves on token windows: its body's estimated prompt tokens plus the completion it may produce.</summary>
    public static long Estimate(int bodyBytes, int? maxTokens) => (bodyBytes / BytesPerToken) + (maxTokens ?? 0);

    /// <summary>
    /// Checks the limits of <paramref name="route"/> for <paramref name="call"/> and sets the <c>x-ratelimit-*</c>
    /// headers; null when the call may go on, else the 429 to answer with.
    /// </summary>
    public async ValueTask<GatewayError?> AcquireAsync(HttpContext context, ApiCall call, ModelRoute route, long estimatedTokens)
    {
        if (call.Snapshot.Limits is not LimitSet set) return null;
        var lease = await checker.AcquireAsync(set, RequestFor(call, route, set, estimatedTokens));
        WriteHeaders(context.Response.Headers, lease);
        if (lease.Refusal is { } refusal)
        {
            metrics?.LimitRefused(refusal.Rule.Kind == LimitKind.Budget ? "budget" : "rate_limit", refusal.Rule.Name);
            return ErrorFor(refusal);
        }

        if (!ReferenceEquals(lease, LimitLease.None))
        {
            call.Limits = lease;
        }

        return null;
    }

    /// <summary>
    /// Releases the token reservations of a call that ended before its usage was reported (a failure, a client gone):
    /// each front end calls it once its request is over; settling a settled lease does nothing.
    /// </summary>
    public static void ReleaseUnsettled(ApiCall? call) => call?.Limits?.Settle(0, 0, 0m);

    /// <summary>The limit request of a call: the snapshot's principal, the resolved model, the metadata only when a rule reads it.</summary>
    public static LimitRequest RequestFor(ApiCall call, ModelRoute route, LimitSet set, long estimatedTokens)
    {
        var p = call.Principal;
        var metadata = set.NeedsMetadata && call.Metadata is not null ? RequestMetadata.Parse(call.Metadata) : null;
        return new LimitRequest(p.Subjects, UserOf(p), p.VirtualAccount, route.FullName, route.Account, metadata, estimatedTokens);
    }

    /// <summary>The <c>user</c> bucket value: the user's email, or the virtual account's subject.</summary>
    public static string UserOf(Principal p) => p.Kind == PrincipalKind.VirtualAccount ? p.Id : p.DisplayName;

    /// <summary>The one place a refusal becomes the error a caller sees: 429, <c>rate_limit_error</c>, the rule, retry-after.</summary>
    public static GatewayError ErrorFor(LimitRefusal refusal) =>
        new(429, ErrorTypes.RateLimit, refusal.Code, refusal.Message, Retryable: true, RetryAfter: refusal.RetryAfter);

    /// <summary>OpenAI's headers: <c>x-ratelimit-limit-requests</c>, <c>-remaining-requests</c>, <c>-reset-requests</c>, and the same for tokens.</summary>
    public static void WriteHeaders(IHeaderDictionary headers, LimitLease lease)
    {
        if (lease.Requests is { } r)
        {
            headers["x-ratelimit-limit-requests"] = r.Limit.ToString(CultureInfo.InvariantCulture);
            headers["x-ratelimit-remaining-requests"] = r.Remaining.ToString(CultureInfo.InvariantCulture);
            headers["x-ratelimit-reset-requests"] = LimitHeaders.Duration(r.Reset);
        }

        if (lease.Tokens is { } t)
        {
            headers["x-ratelimit-limit-tokens"] = t.Limit.ToString(CultureInfo.InvariantCulture);
            headers["x-ratelimit-remaining-tokens"] = t.Remaining.ToString(CultureInfo.InvariantCulture);
            headers["x-ratelimit-reset-tokens"] = LimitHeaders.Duration(t.Reset);
        }
    }
}
