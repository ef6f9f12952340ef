namespace Sluice.Bedrock.Emulator;

/// <summary>An authenticated caller.</summary>
/// <param name="Arn">The ARN AWS names in error messages (user ARN or assumed-role session ARN).</param>
/// <param name="TrustArn">The ARN matched against role trust lists (user ARN, or role ARN for chaining).</param>
/// <param name="UserId">GetCallerIdentity UserId.</param>
internal sealed record Principal(string Arn, string TrustArn, string UserId, FixturePolicy Policy, bool IsRoleSession);
