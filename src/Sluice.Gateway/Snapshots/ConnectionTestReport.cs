namespace Sluice.Gateway.Snapshots;

/// <summary>The outcome of a connection test, in words a user can act on.</summary>
/// <param name="Status"><see cref="StatusOk"/>, <see cref="StatusFailed"/> or <see cref="StatusNotChecked"/>.</param>
/// <param name="Checked">What was actually checked (or "nothing ..." with why).</param>
/// <param name="Message">What happened, and what to do next when it failed or nothing was checked.</param>
/// <param name="Region">The region that was called (or would have been).</param>
/// <param name="Model">The account's model name that was called, if any.</param>
/// <param name="ModelId">That model's Bedrock ID.</param>
public sealed record ConnectionTestReport(string Status, string Checked, string Message, string? Region = null, string? Model = null, string? ModelId = null)
{
    public const string StatusOk = "ok";
    public const string StatusFailed = "failed";
    public const string StatusNotChecked = "not-checked";

    /// <summary>True only when something was checked and it worked.</summary>
    public bool Ok => Status == StatusOk;
}
