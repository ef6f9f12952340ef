namespace Sluice.Bedrock.Provider;

/// <summary>The outcome of testing a Bedrock account (and optionally one model), in words a user can act on.</summary>
/// <param name="Ok">True when the credentials resolved and, with a model, the test call succeeded.</param>
/// <param name="Message">What happened and, on failure, what to change.</param>
/// <param name="ExceptionName">The AWS exception name of a failure (e.g. <c>AccessDeniedException</c>).</param>
/// <param name="Region">The region that was called.</param>
public sealed record BedrockConnectionTestResult(bool Ok, string Message, string? ExceptionName, string Region);
