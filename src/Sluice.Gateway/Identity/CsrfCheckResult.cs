namespace Sluice.Gateway.Identity;

/// <summary>The outcome of <see cref="CsrfProtection.Check"/>.</summary>
public enum CsrfCheckResult
{
    /// <summary>Safe method, bearer-authenticated, or no session cookie: nothing to check.</summary>
    NotRequired,
    Valid,
    Missing,
    Invalid,
}
