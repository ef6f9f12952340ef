using Sluice.Core.Chat;

namespace Sluice.Core.Responses;

/// <summary>A complete response: the upstream's JSON (model already the caller's name) and its usage (null when it reported none).</summary>
public sealed record ResponsesResult(ReadOnlyMemory<byte> Body, Chat.Usage? Usage, UpstreamInfo Upstream);
