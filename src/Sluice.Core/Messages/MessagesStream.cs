using Sluice.Core.Chat;

namespace Sluice.Core.Messages;

/// <summary>
/// A streamed Messages answer whose upstream has accepted the request. Errors while reading it arrive after bytes
/// may have reached the client, so they are thrown as <see cref="Errors.GatewayException"/> for the gateway to
/// render as an <c>error</c> event.
/// </summary>
public abstract class MessagesStream : IAsyncDisposable
{
    public abstract UpstreamInfo Upstream { get; }

    public abstract MessagesAdjustments Adjustments { get; }

    /// <summary>
    /// The events in upstream order (<c>message_start</c> … <c>message_stop</c>), with provider additions such as
    /// Bedrock's <c>amazon-bedrock-invocationMetrics</c> removed.
    /// </summary>
    public abstract IAsyncEnumerable<MessagesEvent> ReadEventsAsync(CancellationToken cancellationToken);

    /// <summary>The usage seen so far (from <c>message_start</c> and <c>message_delta</c>); complete once the events end.</summary>
    public abstract Chat.Usage? Usage { get; }

    public abstract ValueTask DisposeAsync();
}
