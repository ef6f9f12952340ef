using Sluice.Core.Chat;
using Sluice.Core.Configuration;
using Sluice.Core.Usage;

namespace Sluice.Gateway.Pipeline;

/// <summary>Builds the one priced <see cref="UsageRecord"/> each model call emits, success or failure.</summary>
public sealed class UsageReporter(IUsageSink sink, TimeProvider time)
{
    public const string Chat = "chat";
    public const string ChatStream = "chat.stream";
    public const string Embeddings = "embeddings";
    public const string Images = "images";

    public long Start() => time.GetTimestamp();

    public void Report(ApiCall call, ModelRoute route, UpstreamInfo? upstream, string operation, int status,
        Usage? usage, int images, string? errorCode, Sluice.Core.Routing.RouteCall? routing = null)
    {
        // A virtual model is priced (and its upstream named) by the target that served.
        var served = routing?.ResolvedRoute ?? route;
        var prompt = usage?.PromptTokens ?? 0;
        var completion = usage?.CompletionTokens ?? 0;
        var cached = usage?.CachedTokens ?? 0;
        var cacheWrite = usage?.CacheWriteTokens ?? 0;
        // A private cost always wins; otherwise the provider's call-time price covers models the route's ID did not
        // reveal (application inference profiles), which would else be recorded as free.
        var price = served.Price.IsPrivate || upstream?.Price is null ? served.Price : upstream.Price;
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
            price.Cost(prompt, completion, cached, cacheWrite, images),
            price.IsPrivate,
            time.GetElapsedTime(call.StartTimestamp).TotalMilliseconds,
            errorCode,
            routing?.ResolvedRoute?.FullName,
            Math.Max(1, routing?.Attempts ?? 1)));
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
            0m,
            target.Price.IsPrivate,
            elapsed.TotalMilliseconds,
            error.Code ?? error.Type,
            target.FullName,
            attempt));
    }
}
