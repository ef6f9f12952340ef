using Sluice.Core.Access;
using Sluice.Core.Configuration;

namespace Sluice.Gateway.Pipeline;

/// <summary>An authenticated data-plane request: who calls, against which snapshot, since when.</summary>
public sealed record ApiCall(string RequestId, Principal Principal, GatewaySnapshot Snapshot, long StartTimestamp);
