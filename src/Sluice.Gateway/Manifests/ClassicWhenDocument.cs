namespace Sluice.Gateway.Manifests;

/// <summary>
/// TrueFoundry's classic <c>when</c> of limits and budgets: <c>subjects</c>, <c>models</c> and <c>metadata</c> are
/// ANDed, any element of a list may match, an omitted field does not filter, <c>when: {}</c> matches every call.
/// </summary>
public sealed record ClassicWhenDocument
{
    public IReadOnlyList<string>? Subjects { get; init; }

    public IReadOnlyList<string>? Models { get; init; }

    public IReadOnlyDictionary<string, string>? Metadata { get; init; }
}
