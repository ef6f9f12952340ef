using System.Collections.Frozen;

namespace Sluice.Core.Access;

/// <summary>
/// Who is calling, resolved from an API key in the in-memory snapshot. <see cref="Subjects"/> holds every subject
/// the caller acts as (<c>user:alice@example.com</c>, <c>team:everyone</c>, <c>team:ml</c>, <c>virtualaccount:bot</c>).
/// </summary>
public sealed record Principal(string Id, PrincipalKind Kind, string DisplayName, FrozenSet<string> Subjects)
{
    public bool IsTenantAdmin => Kind == PrincipalKind.TenantAdmin;

    /// <summary>
    /// The caller's team names, sorted and comma-separated (<c>everyone,ml</c>), or null: built once per snapshot so
    /// usage records carry them without work on the request path.
    /// </summary>
    public string? Teams { get; } = TeamsOf(Subjects);

    /// <summary>The virtual account's name when a virtual account calls.</summary>
    public string? VirtualAccount => Kind == PrincipalKind.VirtualAccount ? DisplayName : null;

    private static string? TeamsOf(FrozenSet<string> subjects)
    {
        var teams = new List<string>();
        foreach (var s in subjects)
        {
            if (s.StartsWith(Subject.TeamPrefix, StringComparison.Ordinal)) teams.Add(s[Subject.TeamPrefix.Length..]);
        }

        if (teams.Count == 0) return null;
        teams.Sort(StringComparer.Ordinal);
        return string.Join(',', teams);
    }
}

/// <summary>The kinds of <see cref="Principal"/>.</summary>
public enum PrincipalKind
{
    User,
    VirtualAccount,
    TenantAdmin,
}
