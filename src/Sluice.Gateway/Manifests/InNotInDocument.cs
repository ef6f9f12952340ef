namespace Sluice.Gateway.Manifests;

/// <summary>A V2 filter: the value must be one of <c>in</c> (when given) and none of <c>not_in</c>.</summary>
public sealed record InNotInDocument
{
    public IReadOnlyList<string>? In { get; init; }

    public IReadOnlyList<string>? NotIn { get; init; }
}
