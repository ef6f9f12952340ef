using Sluice.Core.Chat;
using Sluice.Core.Configuration;
using Sluice.Core.Pricing;
using Sluice.Core.Usage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Sluice.Gateway.Telemetry;

namespace Sluice.Gateway.Pipeline;

/// <summary>Builds the one priced <see cref="UsageRecord"/> each model call emits, success or failure.</summary>
public sealed class UsageReporter(IUsageSink sink, TimeProvider time, GatewayMetrics? metrics = null, ILoggerFactory? logs = null)
{
    private readonly ILogger _accessLog = (logs ?? NullLoggerFactory.Instance).CreateLogger(Hosting.TelemetryHosting.AccessLogCategory);

    public const string Chat = "chat";
    public const string ChatStream = "chat.stream";
    public const string Embeddings = "embeddings";
    public const string Images = "images";
    public const string Messages = "messages";
    public const string MessagesStream = "messages.stream";
    public const string CountTokens = "messages.count_tokens";

    public long Start() => time.GetTimestamp();

    /// <summary>The gateway's metrics, for the call sites that count what usage records do not (open streams).</summary>
    public GatewayMetrics? Metrics => metrics;

    /// <param name="imageSize">For image calls, <c>WIDTHxHEIGHT</c>; images are priced by size and quality.</param>
    /// <param name="imageQuality">For image calls, the quality asked for (OpenAI's <c>hd</c>/<c>high</c> are Bedrock's <c>premium</c>).</param>
    public void Report(ApiCall call, ModelRoute route, UpstreamInfo? upstream, string operation, int status,
        Usage? usage, int images, string? errorCode, string? imageSize = null, string? imageQuality = null,
        Sluice.Core.Routing.RouteCall? routing = null)
    {
        // A virtual model is priced (and its upstream named) by the target that served.
        var served = routing?.ResolvedRoute ?? route;
        var prompt = usage?.PromptTokens ?? 0;
        var completion = usage?.CompletionTokens ?? 0;
        var cached = usage?.CachedTokens ?? 0;
        var cacheWrite = usage?.CacheWriteTokens ?? 0;
        var calledId = upstream?.PricedAs ?? upstream?.ModelId ?? served.UpstreamModelId;
        // The provider's call-time price covers models the route's ID did not reveal (application inference
        // profiles), which would else be recorded as unknown.
        var pricing = upstream?.Price ?? served.Price;
        var callUsage = new CallUsage(prompt, completion, cached, cacheWrite, usage?.CacheWrite1hTokens ?? 0, Images: images,
            ImageSize: imageSize, ImageQuality: BedrockQuality(imageQuality), Succeeded: status < 400);
        // A call that failed before consuming anything is billed nothing by Bedrock: known to cost 0, even for a
        // model without a price, so failures do not inflate the count of calls with unknown cost.
        // A successful answer without usage (a compatible server that reports none) cost something nobody knows:
        // recorded as unknown, never as a free call.
        var notReported = status < 400 && images == 0 && usage is not { Reported: true };
        var cost = status >= 400 && prompt == 0 && completion == 0 && images == 0
            ? new PricedCost(0m, null)
            : notReported ? new PricedCost(null, served.PrivateCost is null ? null : PriceScope.Private)
            : CostCalculator.Price(served.PrivateCost, pricing, calledId, upstream?.Region ?? "", callUsage);
        // Token reservations become the real count and the cost lands on budgets, whatever the outcome.
        call.Limits?.Settle(prompt, completion, cost.Usd);
        var elapsed = time.GetElapsedTime(call.StartTimestamp).TotalMilliseconds;
        double? ttftMs = call.FirstChunkTimestamp == 0 ? null : time.GetElapsedTime(call.StartTimestamp, call.FirstChunkTimestamp).TotalMilliseconds;
        metrics?.Request(call, operation, route.FullName, served.Account, status, errorCode, usage, cost.Usd ?? 0m, elapsed / 1000, ttftMs / 1000, route.Router is not null);
        (routing as HttpRouteCall)?.Settle(metrics);
        AccessLog.Request(_accessLog, "POST", AccessLog.RouteOf(operation), route.FullName, status, elapsed, ttftMs, prompt, completion, cost.Usd,
            call.Principal.DisplayName, call.RequestId);
        sink.Record(new UsageRecord(
            call.RequestId,
            time.GetUtcNow(),
            call.Principal.Id,
            route.FullName,
            upstream?.ModelId ?? served.UpstreamModelId,
            upstream?.Region ?? "",
            operation,
            status,
            prompt,
            completion,
            cached,
            cacheWrite,
            images,
            cost.Usd,
            served.PrivateCost is not null,
            elapsed,
            errorCode,
            routing?.ResolvedRoute?.FullName,
            Math.Max(1, routing?.Attempts ?? 1))
        {
            Account = served.Account,
            PriceScope = cost.Scope,
            Teams = call.Principal.Teams,
            ApiKeyId = call.ApiKeyId,
            VirtualAccount = call.Principal.VirtualAccount,
            TimeToFirstTokenMs = ttftMs,
            EndUser = call.EndUser,
            Metadata = call.Metadata,
        });
    }

    /// <summary>
    /// A failed attempt of a virtual-model call that was followed by a retry or a fallback: its own record (it may have
    /// cost tokens upstream), with the target, the attempt number and the error.
    /// </summary>
    public void ReportAttempt(ApiCall call, ModelRoute route, ModelRoute target, string operation, int attempt, Sluice.Core.Errors.GatewayError error, TimeSpan elapsed)
    {
        var upstream = error.Upstream;
        var colon = upstream?.IndexOf(':', StringComparison.Ordinal) ?? -1;
        sink.Record(new UsageRecord(
            call.RequestId,
            time.GetUtcNow(),
            call.Principal.Id,
            route.FullName,
            target.UpstreamModelId,
            colon > 0 ? upstream![(colon + 1)..] : "",
            operation,
            error.Status,
            0,
            0,
            0,
            0,
            0,
            0m, // Bedrock bills nothing for a call it refused before producing output
            target.PrivateCost is not null,
            elapsed.TotalMilliseconds,
            error.Code ?? error.Type,
            target.FullName,
            attempt)
        {
            Account = target.Account,
            Teams = call.Principal.Teams,
            ApiKeyId = call.ApiKeyId,
            VirtualAccount = call.Principal.VirtualAccount,
            EndUser = call.EndUser,
            Metadata = call.Metadata,
        });
    }

    private static string? BedrockQuality(string? quality) => quality switch
    {
        null => null,
        "hd" or "high" or "premium" => "premium",
        _ => "standard",
    };
}
