namespace Sluice.Core.Configuration;

/// <summary>
/// The compiled rate limits and budgets a snapshot carries (built by Sluice.Limits, which Core does not reference).
/// </summary>
public interface ILimitRules
{
    /// <summary>True when no rule is configured: the request path then skips the check entirely.</summary>
    bool IsEmpty { get; }
}
