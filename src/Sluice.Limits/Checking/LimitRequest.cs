using System.Collections.Frozen;

namespace Sluice.Limits.Checking;

/// <summary>What a limit check needs to know about a call: who, which model, which metadata, how many tokens it may use.</summary>
/// <param name="Subjects">Every subject the caller acts as (<c>user:…</c>, <c>team:…</c>, <c>virtualaccount:…</c>).</param>
/// <param name="User">The bucket value for <c>user</c>: the caller's principal id.</param>
/// <param name="VirtualAccount">The virtual account's name, or null when a user calls.</param>
/// <param name="Model">The name the caller sent, as it resolved (<c>account/model</c> or <c>group/virtual-model</c>).</param>
/// <param name="Account">The provider account of the model (or the virtual-model group).</param>
/// <param name="Metadata">The request metadata, or null when none was sent.</param>
/// <param name="EstimatedTokens">What token windows reserve until the call settles (prompt estimate + <c>max_tokens</c>).</param>
public readonly record struct LimitRequest(
    FrozenSet<string> Subjects,
    string User,
    string? VirtualAccount,
    string Model,
    string Account,
    IReadOnlyDictionary<string, string>? Metadata,
    long EstimatedTokens);
