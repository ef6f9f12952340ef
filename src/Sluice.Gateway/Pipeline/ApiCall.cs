using Sluice.Core.Access;
using Sluice.Core.Configuration;

namespace Sluice.Gateway.Pipeline;

/// <summary>An authenticated data-plane request: who calls, against which snapshot, since when.</summary>
/// <remarks>The settable properties are filled as the request is read and served, for its usage record.</remarks>
public sealed record ApiCall(string RequestId, Principal Principal, GatewaySnapshot Snapshot, long StartTimestamp)
{
    /// <summary>The public id of the API key used; null for UI sessions.</summary>
    public string? ApiKeyId { get; init; }

    /// <summary>The request metadata (<c>X-Sluice-Metadata</c>) as compact JSON; null when none was sent.</summary>
    public string? Metadata { get; set; }

    /// <summary>The OpenAI <c>user</c> field of the request body.</summary>
    public string? EndUser { get; set; }

    /// <summary>When the first streamed chunk was written (a <see cref="TimeProvider"/> timestamp); 0 until then.</summary>
    public long FirstChunkTimestamp { get; set; }

    /// <summary>The call's rate-limit and budget lease, settled with its usage; null when no limit applies.</summary>
    public Sluice.Limits.Checking.LimitLease? Limits { get; set; }

    /// <summary>The model the request resolved to, once it did: labels a refusal that came after (a limit's 429).</summary>
    public ModelRoute? Route { get; set; }

    /// <summary>The usage operation once the body said which (a streamed chat is <c>chat.stream</c>); null = the endpoint's.</summary>
    public string? Operation { get; set; }

    /// <summary>True once the call's usage was reported: its metric point and access-log line are written.</summary>
    public bool Reported { get; set; }
}
