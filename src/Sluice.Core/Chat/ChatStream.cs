namespace Sluice.Core.Chat;

/// <summary>
/// A streamed answer whose upstream has already accepted the request: errors before this object exists are
/// ordinary errors; errors while reading it arrive after bytes may have reached the client.
/// </summary>
public abstract class ChatStream : IAsyncDisposable
{
    public abstract UpstreamInfo Upstream { get; }

    /// <summary>Updates as they arrive. Throws <see cref="Errors.GatewayException"/> when the upstream fails mid-stream.</summary>
    public abstract IAsyncEnumerable<ChatStreamUpdate> ReadUpdatesAsync(CancellationToken cancellationToken);

    public abstract ValueTask DisposeAsync();
}
