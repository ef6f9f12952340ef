using Sluice.Core.Chat;

namespace Sluice.Core.Responses;

/// <summary>A streamed response whose upstream accepted the request.</summary>
public abstract class ResponsesStream : IAsyncDisposable
{
    public abstract UpstreamInfo Upstream { get; }

    /// <summary>The usage of the final event (<c>response.completed</c>, <c>.incomplete</c> or <c>.failed</c>); null until then, or if none came.</summary>
    public Chat.Usage? Usage { get; protected set; }

    /// <summary>The code of an <c>error</c> event or failed response the upstream sent (already passed to the caller); null when none.</summary>
    public string? ErrorCode { get; protected set; }

    public abstract IAsyncEnumerable<ResponsesEvent> ReadEventsAsync(CancellationToken cancellationToken);

    public abstract ValueTask DisposeAsync();
}
