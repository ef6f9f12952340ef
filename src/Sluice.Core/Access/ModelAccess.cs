using System.Collections.Frozen;
using Sluice.Core.Configuration;
using Sluice.Core.Errors;

namespace Sluice.Core.Access;

/// <summary>
/// The /v1 call check against a snapshot's <see cref="ModelRoute"/>: a tenant admin, or any of the caller's
/// subjects in the route's precomputed <see cref="ModelRoute.AllowedSubjects"/> (filled from
/// <see cref="AccessModel.AllowedSubjectsFor"/>). No allocation, no LINQ.
/// </summary>
public static class ModelAccess
{
    public static bool CanCall(Principal principal, ModelRoute route) =>
        principal.IsTenantAdmin || CanCall(principal, route.AllowedSubjects);

    /// <summary>Whether any of the principal's subjects is in <paramref name="allowedSubjects"/> (tenant admin not considered).</summary>
    public static bool CanCall(Principal principal, FrozenSet<string> allowedSubjects)
    {
        var subjects = principal.Subjects.Items;
        for (var i = 0; i < subjects.Length; i++)
        {
            if (allowedSubjects.Contains(subjects[i]))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The 403 for a caller that may not call <paramref name="route"/>; names the role that would allow it.</summary>
    public static GatewayError Denied(ModelRoute route) => new(
        403,
        ErrorTypes.Permission,
        "permission_denied",
        $"You need the {ProviderAccountRoles.Access} role on provider account '{route.Account}' (or {ProviderAccountRoles.Manager}, " +
        $"or tenant admin), and to be listed in the model's authorized_subjects if it has any, to call model '{route.FullName}'.");

    /// <summary>The routes the principal may call, sorted by full name: what <c>GET /v1/models</c> lists.</summary>
    public static List<ModelRoute> CallableRoutes(Principal principal, GatewaySnapshot snapshot)
    {
        var result = new List<ModelRoute>();
        foreach (var (name, route) in snapshot.Models)
        {
            // A virtual model's slug is a second key for the same route; list each route once.
            if (name == route.FullName && CanCall(principal, route))
            {
                result.Add(route);
            }
        }

        result.Sort(static (a, b) => string.CompareOrdinal(a.FullName, b.FullName));
        return result;
    }
}
