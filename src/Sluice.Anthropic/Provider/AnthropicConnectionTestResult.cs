namespace Sluice.Anthropic.Provider;

/// <summary>The outcome of testing an Anthropic account (and optionally one model), in words a user can act on.</summary>
/// <param name="Ok">True when the call worked.</param>
/// <param name="Checked">What was called, e.g. "GET /v1/models with the account's key".</param>
/// <param name="Message">What happened and, on failure, what to do.</param>
public sealed record AnthropicConnectionTestResult(bool Ok, string Checked, string Message);
