namespace Sluice.Gateway.Manifests;

/// <summary>The V2 <c>when</c>: <c>in</c>/<c>not_in</c> filters on subjects, models, metadata values and provider accounts.</summary>
public sealed record LimitFilterDocument
{
    public SubjectFilterDocument? Subjects { get; init; }

    public InNotInDocument? Models { get; init; }

    public IReadOnlyDictionary<string, InNotInDocument>? Metadata { get; init; }

    public InNotInDocument? ProviderAccounts { get; init; }
}
