namespace Sluice.Gateway.Snapshots;

/// <summary>The outcome of a connection test, in words a user can act on.</summary>
public sealed record ConnectionTestReport(bool Ok, string Message, string? Region = null, string? ModelId = null);
