namespace Sluice.Core.Responses;

/// <summary>
/// A provider that serves OpenAI's Responses API (<c>/v1/responses</c>) by passing the caller's body through: only
/// upstreams that speak it natively implement this. Failures are thrown as <see cref="Errors.GatewayException"/>.
/// </summary>
public interface IResponsesProvider
{
    Task<ResponsesResult> CreateResponseAsync(ResponsesRequest request, CancellationToken cancellationToken);

    /// <summary>Returns once the upstream accepted the request; its events are read from the stream.</summary>
    Task<ResponsesStream> StartResponseStreamAsync(ResponsesRequest request, CancellationToken cancellationToken);
}
