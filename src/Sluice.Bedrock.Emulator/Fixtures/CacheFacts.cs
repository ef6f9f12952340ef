namespace Sluice.Bedrock.Emulator;

/// <summary>
/// What a model allows for prompt caching, as AWS documents it: Claude 3.5 Haiku, 3.7 Sonnet and the Claude 4 family
/// cache system, messages and tools; Nova Micro, Lite, Pro and Premier cache system and messages; all allow four
/// checkpoints per request. Other models refuse any cachePoint. A fixture model may override support and minimum.
/// </summary>
internal readonly record struct CacheFacts(bool Supported, int MinTokens, int MaxCheckpoints, bool Tools, bool Ttl1h)
{
    private static readonly string[] UncachedClaude = ["claude-v2", "claude-instant", "claude-3-haiku", "claude-3-sonnet", "claude-3-opus", "claude-3-5-sonnet"];

    public static CacheFacts For(FixtureModel model)
    {
        var facts = FromId(model.Id, model.ResolvedFamily);
        if (model.PromptCaching is { } supported)
        {
            facts = facts with { Supported = supported, MaxCheckpoints = 4, MinTokens = facts.MinTokens == 0 ? 1024 : facts.MinTokens };
        }

        return model.CacheMinTokens is { } min ? facts with { MinTokens = min } : facts;
    }

    private static CacheFacts FromId(string id, ModelFamily family)
    {
        if (family == ModelFamily.Anthropic)
        {
            foreach (var old in UncachedClaude)
            {
                if (id.Contains(old, StringComparison.Ordinal)) return default;
            }

            var min = id.Contains("haiku-4-5", StringComparison.Ordinal) || id.Contains("opus-4-5", StringComparison.Ordinal) ? 4096
                : id.Contains("claude-3-5-haiku", StringComparison.Ordinal) ? 2048
                : 1024;
            var ttl1h = id.Contains("-4-5-", StringComparison.Ordinal);
            return new CacheFacts(true, min, 4, Tools: true, ttl1h);
        }

        if (family == ModelFamily.Nova && (id.Contains("nova-micro", StringComparison.Ordinal) || id.Contains("nova-lite", StringComparison.Ordinal)
            || id.Contains("nova-pro", StringComparison.Ordinal) || id.Contains("nova-premier", StringComparison.Ordinal)))
        {
            return new CacheFacts(true, 1000, 4, Tools: false, Ttl1h: false);
        }

        return default;
    }
}
