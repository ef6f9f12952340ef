using Sluice.Core.Access;
using Sluice.Core.Configuration;

namespace Sluice.Gateway.Pipeline;

/// <summary>The one rule deciding whether a principal may call a model route.</summary>
public static class ModelAccess
{
    /// <summary>Tenant admins may call everything; others need one of the route's allowed subjects.</summary>
    public static bool CanCall(Principal principal, ModelRoute route)
    {
        if (principal.IsTenantAdmin) return true;
        var allowed = route.AllowedSubjects;
        var subjects = principal.Subjects;
        // Walk the smaller set and probe the larger one.
        if (subjects.Count <= allowed.Count)
        {
            foreach (var subject in subjects)
            {
                if (allowed.Contains(subject)) return true;
            }
        }
        else
        {
            foreach (var subject in allowed)
            {
                if (subjects.Contains(subject)) return true;
            }
        }

        return false;
    }
}
