namespace Sluice.Limits.Rules;

/// <summary>Whether a rule is a rate limit or a budget (which name and error code a refusal carries).</summary>
public enum LimitKind
{
    RateLimit,
    Budget,
}
