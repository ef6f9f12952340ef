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
        Usage? usage, int images, string? errorCode)
    {
        var prompt = usage?.PromptTokens ?? 0;
        var completion = usage?.CompletionTokens ?? 0;
        var cached = usage?.CachedTokens ?? 0;
        var cacheWrite = usage?.CacheWriteTokens ?? 0;
        // A private cost always wins; otherwise the provider's call-time price covers models the route's ID did not
        // reveal (application inference profiles), which would else be recorded as free.
        var price = route.Price.IsPrivate || upstream?.Price is null ? route.Price : upstream.Price;
        sink.Record(new UsageRecord(
            call.RequestId,
            time.GetUtcNow(),
            call.Principal.Id,
            route.FullName,
            upstream?.ModelId ?? route.UpstreamModelId,
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
            errorCode)
        {
            Account = route.Account,
            PriceScope = price.IsPrivate ? "private" : null,
            Teams = call.Principal.Teams,
            ApiKeyId = call.ApiKeyId,
            VirtualAccount = call.Principal.VirtualAccount,
            TimeToFirstTokenMs = call.FirstChunkTimestamp == 0 ? null : time.GetElapsedTime(call.StartTimestamp, call.FirstChunkTimestamp).TotalMilliseconds,
            EndUser = call.EndUser,
            Metadata = call.Metadata,
        });
    }
}
