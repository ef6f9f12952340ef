namespace Sluice.Gateway.Manifests;

/// <summary>One virtual model of a group (<c>integrations[]</c>, type <c>integration/model/virtual</c>).</summary>
public sealed record VirtualModelDocument(string Name)
{
    public string Type { get; init; } = ManifestTypes.VirtualModel;

    public IReadOnlyList<string> ModelTypes { get; init; } = [];

    /// <summary>Another name callers may use instead of <c>group/name</c>.</summary>
    public string? Slug { get; init; }

    public RoutingConfigDocument? RoutingConfig { get; init; }
}
