namespace Sluice.Gateway.Manifests;

/// <summary>Limits that replace every base window for the listed entities (the list matching <c>applies_to.type</c>).</summary>
public sealed record LimitOverrideDocument
{
    public IReadOnlyList<string>? Users { get; init; }

    public IReadOnlyList<string>? Models { get; init; }

    public IReadOnlyList<string>? VirtualAccounts { get; init; }

    public IReadOnlyList<string>? MetadataValues { get; init; }

    public IReadOnlyDictionary<string, decimal> Limits { get; init; } = new Dictionary<string, decimal>();
}
