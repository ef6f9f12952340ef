using Sluice.Core.Chat;

namespace Sluice.Core.Messages;

/// <summary>A non-streamed Messages answer.</summary>
/// <param name="Body">The Anthropic message JSON (<c>{"id":…,"type":"message",…}</c>) as the upstream returned it.</param>
/// <param name="Usage">Its usage in Core's convention (prompt tokens include cache reads and writes).</param>
/// <param name="Upstream">What served it.</param>
/// <param name="Adjustments">What was removed from the request on the way.</param>
public sealed record MessagesResponse(ReadOnlyMemory<byte> Body, Chat.Usage Usage, UpstreamInfo Upstream, MessagesAdjustments Adjustments);
