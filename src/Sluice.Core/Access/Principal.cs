using System.Collections.Frozen;

namespace Sluice.Core.Access;

/// <summary>
/// Who is calling, resolved from an API key in the in-memory snapshot. <see cref="Subjects"/> holds every subject
/// the caller acts as (<c>user:alice@example.com</c>, <c>team:everyone</c>, <c>team:ml</c>, <c>virtualaccount:bot</c>).
/// </summary>
public sealed record Principal(string Id, PrincipalKind Kind, string DisplayName, FrozenSet<string> Subjects)
{
    public bool IsTenantAdmin => Kind == PrincipalKind.TenantAdmin;
}

/// <summary>The kinds of <see cref="Principal"/>.</summary>
public enum PrincipalKind
{
    User,
    VirtualAccount,
    TenantAdmin,
}
