namespace Sluice.Bedrock.Emulator;

/// <summary>
/// Where Bedrock takes cachePoint blocks: only on models with prompt caching (others answer 403
/// AccessDeniedException, which is what broke gateways that sent cache points to every model), in toolConfig only
/// where the model caches tools, at most the model's checkpoints per request, and one-hour TTLs only where offered.
/// </summary>
internal static class CachePointRules
{
    /// <summary>Bedrock's answer to a cache point on a model without prompt caching.</summary>
    public const string UnsupportedMessage = "You invoked an unsupported model or your request did not allow prompt caching. See the documentation for more information.";

    public static void Validate(Conversation c, FixtureModel model)
    {
        var count = c.ToolCachePoints.Count;
        var oneHour = false;
        foreach (var (_, ttl) in c.ToolCachePoints) oneHour |= ttl == "1h";
        foreach (var b in c.System) Note(b, ref count, ref oneHour);
        foreach (var m in c.Messages)
        {
            for (var i = 0; i < m.Blocks.Count; i++)
            {
                Note(m.Blocks[i], ref count, ref oneHour);
                CheckPlace(m.Blocks, i);
            }
        }

        if (count == 0)
        {
            return;
        }

        var facts = model.Cache;
        if (!facts.Supported)
        {
            throw new RequestRejected(AwsError.AccessDenied(UnsupportedMessage));
        }

        if (c.ToolCachePoints.Count > 0 && !facts.Tools)
        {
            throw RequestRejected.Validation("The model returned the following errors: cachePoint is not supported in toolConfig.tools for this model; cache the system prompt or messages instead.");
        }

        if (count > facts.MaxCheckpoints)
        {
            throw RequestRejected.Validation($"The model returned the following errors: A maximum of {facts.MaxCheckpoints} blocks with cache_control may be provided. Found {count}.");
        }

        if (oneHour && !facts.Ttl1h)
        {
            throw RequestRejected.Validation("The model returned the following errors: the 1h cache TTL is not supported for this model; use 5m or omit ttl.");
        }
    }

    /// <summary>A cache point needs a block before it in its own message, and never right after reasoning.</summary>
    private static void CheckPlace(List<Block> blocks, int i)
    {
        if (blocks[i].Kind != BlockKind.CachePoint)
        {
            return;
        }

        if (i == 0)
        {
            throw RequestRejected.Validation("There is nothing available to cache.");
        }

        if (blocks[i - 1].Kind == BlockKind.Reasoning)
        {
            throw RequestRejected.Validation("Cache point cannot be inserted after reasoning block. Please remove the invalid cache point and try again.");
        }
    }

    private static void Note(Block b, ref int count, ref bool oneHour)
    {
        if (b.Kind == BlockKind.CachePoint)
        {
            count++;
            oneHour |= b.Ttl == "1h";
        }
    }
}
