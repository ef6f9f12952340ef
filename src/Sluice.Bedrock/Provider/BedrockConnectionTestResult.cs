namespace Sluice.Bedrock.Provider;

/// <summary>The outcome of testing a Bedrock account (and optionally one model), in words a user can act on.</summary>
/// <param name="Status">Ok, Failed, or NotChecked when nothing could be proven without a model call.</param>
/// <param name="Checked">What was actually checked, e.g. "a 1-token Converse call to amazon.nova-lite-v1:0".</param>
/// <param name="Message">What happened and, on failure or when nothing was checked, what to do next. Names the region only where it is the cause.</param>
/// <param name="ExceptionName">The AWS exception name of a failure (e.g. <c>AccessDeniedException</c>).</param>
/// <param name="Region">The region that was called (or would have been).</param>
public sealed record BedrockConnectionTestResult(ConnectionTestStatus Status, string Checked, string Message, string? ExceptionName, string Region)
{
    /// <summary>True only when something was checked and it worked.</summary>
    public bool Ok => Status == ConnectionTestStatus.Ok;
}
