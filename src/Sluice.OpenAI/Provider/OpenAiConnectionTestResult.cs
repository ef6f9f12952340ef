namespace Sluice.OpenAI.Provider;

/// <summary>What an account test found: <paramref name="Ok"/> false when something failed, with what was checked and what to do.</summary>
public sealed record OpenAiConnectionTestResult(bool Ok, string Checked, string Message);
