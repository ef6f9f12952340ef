namespace Sluice.Core.Access;

/// <summary>
/// Everything <see cref="AccessModel"/> needs, as plain records the snapshot builder fills from storage or from
/// applied manifests. Order does not matter; names are matched ordinally, emails case-insensitively.
/// </summary>
public sealed record AccessModelInput
{
    public IReadOnlyList<UserInput> Users { get; init; } = [];

    /// <summary>Teams other than the built-in <c>everyone</c> (a team of that name is ignored: it always holds every active user).</summary>
    public IReadOnlyList<TeamInput> Teams { get; init; } = [];

    public IReadOnlyList<VirtualAccountInput> VirtualAccounts { get; init; } = [];

    public IReadOnlyList<ProviderAccountInput> Accounts { get; init; } = [];
}
