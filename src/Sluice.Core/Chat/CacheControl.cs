namespace Sluice.Core.Chat;

/// <summary>
/// A prompt-cache marker (OpenAI-extension <c>cache_control: {"type": "ephemeral"}</c>): the prompt up to and
/// including the marked block may be cached. A hint only: providers or models that cannot cache ignore it.
/// </summary>
/// <param name="Ttl">How long the entry should live: <c>5m</c>, <c>1h</c>, or null for the provider's default.</param>
public sealed record CacheControl(string? Ttl = null)
{
    /// <summary>The marker without a TTL.</summary>
    public static readonly CacheControl Ephemeral = new();

    /// <summary>The one-hour marker.</summary>
    public static readonly CacheControl OneHour = new("1h");

    /// <summary>True for a one-hour TTL.</summary>
    public bool IsOneHour => string.Equals(Ttl, "1h", StringComparison.Ordinal);
}
