namespace Sluice.Core.Usage;

/// <summary>One priced call, emitted off the request path and written to the store in batches.</summary>
/// <remarks>
/// <see cref="CostUsd"/> is null when the call could not be priced (no public or private price): unknown, never free.
/// The properties below the constructor describe the caller and the call; all are optional so that records built by
/// older code (and tests) stay valid.
/// </remarks>
public sealed record UsageRecord(
    string RequestId,
    DateTimeOffset Timestamp,
    string PrincipalId,
    string Model,
    string UpstreamModelId,
    string Region,
    string Operation,
    int Status,
    int PromptTokens,
    int CompletionTokens,
    int CachedTokens,
    int CacheWriteTokens,
    int Images,
    decimal? CostUsd,
    bool PrivateCost,
    double LatencyMs,
    string? ErrorCode,
    string? ResolvedModel = null,
    int Attempts = 1)
{
    private readonly string? _account;

    /// <summary>The provider account that served the call; by default the part of <see cref="Model"/> before the slash.</summary>
    /// <remarks>Derived on read, not in the constructor, so the request path that sets it pays for no substring.</remarks>
    public string Account
    {
        get => _account ?? AccountOf(Model);
        init => _account = value;
    }

    /// <summary>Where the price came from: a region (<c>us-east-1</c>), <c>geo:eu</c>, <c>global</c>, <c>private</c>; null when unknown.</summary>
    public string? PriceScope { get; init; }

    /// <summary>The caller's teams, comma-separated, sorted (<c>everyone,ml</c>); null when the caller is in none.</summary>
    public string? Teams { get; init; }

    /// <summary>The public id of the API key the call was made with; null for UI sessions and the admin token.</summary>
    public string? ApiKeyId { get; init; }

    /// <summary>The virtual account's name when one called.</summary>
    public string? VirtualAccount { get; init; }

    /// <summary>Milliseconds from the request's arrival to the first streamed chunk; null for calls that did not stream one.</summary>
    public double? TimeToFirstTokenMs { get; init; }

    /// <summary>The OpenAI <c>user</c> field the caller sent.</summary>
    public string? EndUser { get; init; }

    /// <summary>The request metadata as a compact JSON object of string values (<c>X-Sluice-Metadata</c>); null when none was sent.</summary>
    public string? Metadata { get; init; }

    private static string AccountOf(string model)
    {
        var slash = model.IndexOf('/', StringComparison.Ordinal);
        return slash > 0 ? model[..slash] : "";
    }
}
