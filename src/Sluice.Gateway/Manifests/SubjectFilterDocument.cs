namespace Sluice.Gateway.Manifests;

/// <summary>V2 subject filters by kind, with bare names (<c>alice@example.com</c>, <c>eng</c>, <c>ci-bot</c>).</summary>
public sealed record SubjectFilterDocument
{
    public InNotInDocument? Users { get; init; }

    public InNotInDocument? Teams { get; init; }

    public InNotInDocument? VirtualAccounts { get; init; }
}
