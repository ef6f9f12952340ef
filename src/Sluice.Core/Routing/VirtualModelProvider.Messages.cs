using Sluice.Core.Messages;

namespace Sluice.Core.Routing;

/// <summary>
/// Anthropic Messages through a virtual model: the same strategies, retries, fallbacks, health, latency and timeouts
/// as chat, over the targets whose provider takes Messages bodies (the others are skipped for these calls).
/// </summary>
public sealed partial class VirtualModelProvider : IMessagesProvider
{
    private readonly ulong _messagesTargets;

    /// <summary>True when at least one target takes Messages bodies; only those targets serve Messages calls.</summary>
    public bool SupportsMessages => _messagesTargets != 0;

    // The IMessagesProvider surface routes with no per-request options (no timeouts, metadata or session).
    public Task<MessagesResponse> SendMessagesAsync(MessagesRequest request, CancellationToken cancellationToken) =>
        SendMessagesAsync(request, new RouteCall(), cancellationToken);

    public Task<MessagesStream> StartMessagesStreamAsync(MessagesRequest request, CancellationToken cancellationToken) =>
        StartMessagesStreamAsync(request, new RouteCall(), cancellationToken);

    public Task<int> CountTokensAsync(MessagesRequest request, CancellationToken cancellationToken) =>
        CountTokensAsync(request, new RouteCall(), cancellationToken);

    /// <summary>A non-streamed Messages call, routed; the target's <c>override_params</c> apply to a copy of the body.</summary>
    public Task<MessagesResponse> SendMessagesAsync(MessagesRequest request, RouteCall call, CancellationToken cancellationToken) =>
        RunAsync(request, call, stream: false, MessagesTargets(), static async (target, r, deadline, time, ct) =>
        {
            var response = await Messages(target).SendMessagesAsync(target.Overrides?.Apply(r) ?? r, ct);
            return (response, response.Usage.CompletionTokens);
        }, cancellationToken);

    /// <summary>
    /// A streamed Messages call, returned once a target's stream has produced its first content event (the events
    /// before it, such as <c>message_start</c>, are held and replayed first). A stream that fails, is throttled, sends
    /// an <c>error</c> event or misses the first-token deadline before that is an ordinary failed attempt.
    /// </summary>
    public Task<MessagesStream> StartMessagesStreamAsync(MessagesRequest request, RouteCall call, CancellationToken cancellationToken) =>
        RunAsync(request, call, stream: true, MessagesTargets(), static async (target, r, deadline, time, ct) =>
        {
            // The stream records its own latency when it ends; -1 tells the loop not to.
            MessagesStream stream = await RoutedMessagesStream.StartAsync(target, target.Overrides?.Apply(r) ?? r, deadline, time, ct);
            return (stream, -1);
        }, cancellationToken);

    /// <summary>Counts input tokens on a routed target (retried and fallen back like any call; no latency is recorded).</summary>
    public Task<int> CountTokensAsync(MessagesRequest request, RouteCall call, CancellationToken cancellationToken) =>
        RunAsync(request, call, stream: false, MessagesTargets(), static async (target, r, deadline, time, ct) =>
        {
            var tokens = await Messages(target).CountTokensAsync(r, ct);
            return (tokens, -1);
        }, cancellationToken);

    private static IMessagesProvider Messages(RoutingTarget target) => (IMessagesProvider)target.Route.Provider;

    /// <summary>The targets that take Messages; a virtual model with none refuses clearly instead of calling a provider that cannot.</summary>
    private ulong MessagesTargets() => _messagesTargets != 0 ? _messagesTargets : throw new Errors.GatewayException(RoutingErrors.NoMessagesTarget(Name));
}
