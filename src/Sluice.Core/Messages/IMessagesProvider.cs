namespace Sluice.Core.Messages;

/// <summary>
/// A model that takes Anthropic Messages bodies natively (Claude on Bedrock through InvokeModel, Anthropic's own API).
/// <c>/v1/messages</c> passes the caller's body through such a provider so that nothing is lost in translation
/// (thinking signatures, cache_control TTLs, betas); a model without it is reached by translating to Core's chat model.
/// Failures are thrown as <see cref="Errors.GatewayException"/>, as with <see cref="Providers.IModelProvider"/>.
/// </summary>
public interface IMessagesProvider
{
    /// <summary>False when this model cannot take a Messages body (the gateway then translates to chat).</summary>
    bool SupportsMessages { get; }

    Task<MessagesResponse> SendMessagesAsync(MessagesRequest request, CancellationToken cancellationToken);

    /// <summary>Returns once the upstream has accepted the request and its first event can be read.</summary>
    Task<MessagesStream> StartMessagesStreamAsync(MessagesRequest request, CancellationToken cancellationToken);

    /// <summary>Counts the input tokens of the body; throws a 400 <see cref="Errors.GatewayException"/> saying so where the model cannot.</summary>
    Task<int> CountTokensAsync(MessagesRequest request, CancellationToken cancellationToken);
}
