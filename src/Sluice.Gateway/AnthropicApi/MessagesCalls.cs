using Sluice.Anthropic.Translation;
using Sluice.Core.Chat;
using Sluice.Core.Configuration;
using Sluice.Core.Errors;
using Sluice.Core.Messages;
using Sluice.Gateway.ImageFetching;
using Sluice.Gateway.Pipeline;

namespace Sluice.Gateway.AnthropicApi;

/// <summary>
/// Calls the model a Messages request resolved to. A provider that takes Messages bodies (Claude on Bedrock, a virtual
/// model with such targets) gets the caller's body through; any other chat model is reached by translating to Core's
/// chat model and back (<see cref="MessagesRequestTranslator"/>), refusing clearly what cannot be translated.
/// </summary>
internal sealed class MessagesCalls(ImageFetcher images)
{
    public async Task<MessagesResponse> SendAsync(ModelRoute route, MessagesRequest request, HttpRouteCall? routing, string model, bool? dropParams, CancellationToken cancellationToken)
    {
        if (Native(route) is { } native)
        {
            return routing is null ? await native.SendMessagesAsync(request, cancellationToken) : await routing.Router.SendMessagesAsync(request, routing, cancellationToken);
        }

        var chat = await TranslateAsync(route, request, dropParams, cancellationToken);
        var response = routing is null ? await route.Provider.ChatAsync(chat, cancellationToken) : await routing.Router.ChatAsync(chat, routing, cancellationToken);
        return new MessagesResponse(MessagesResponseWriter.FromChatResponse(response, model), response.Usage, response.Upstream, Adjustments(chat));
    }

    /// <summary>Returns once the upstream has accepted the request (for a virtual model: once a target has produced content).</summary>
    public async Task<MessagesStream> StartStreamAsync(ModelRoute route, MessagesRequest request, HttpRouteCall? routing, string model, bool? dropParams, CancellationToken cancellationToken)
    {
        if (Native(route) is { } native)
        {
            return routing is null ? await native.StartMessagesStreamAsync(request, cancellationToken) : await routing.Router.StartMessagesStreamAsync(request, routing, cancellationToken);
        }

        var chat = await TranslateAsync(route, request, dropParams, cancellationToken);
        var stream = routing is null ? await route.Provider.StartChatStreamAsync(chat, cancellationToken) : await routing.Router.StartChatStreamAsync(chat, routing, cancellationToken);
        return new TranslatedMessagesStream(stream, chat, model);
    }

    public Task<int> CountTokensAsync(ModelRoute route, MessagesRequest request, HttpRouteCall? routing, string model, CancellationToken cancellationToken)
    {
        if (Native(route) is { } native)
        {
            return routing is null ? native.CountTokensAsync(request, cancellationToken) : routing.Router.CountTokensAsync(request, routing, cancellationToken);
        }

        throw new GatewayException(GatewayError.InvalidRequest(
            $"The model '{CallerText.Quote(model)}' ({route.UpstreamModelId}) cannot count the tokens of an Anthropic Messages request: only Claude models (Bedrock's CountTokens) can.",
            "model", "not_supported_for_model"));
    }

    /// <summary>The <c>x-sluice-drop-params</c> header, read as for chat completions; null when absent.</summary>
    public static bool? DropParamsHeader(Microsoft.AspNetCore.Http.IHeaderDictionary headers)
    {
        if (!headers.TryGetValue(SluiceHeaders.DropParams, out var header)) return null;
        return bool.TryParse(header.ToString(), out var drop)
            ? drop
            : throw new GatewayException(GatewayError.InvalidRequest(
                $"The header {SluiceHeaders.DropParams} must be true or false.", SluiceHeaders.DropParams, "invalid_header"));
    }

    /// <summary>What was dropped from a translated request (parameters the model cannot honour, with drop_params on).</summary>
    public static MessagesAdjustments Adjustments(ChatRequest request) =>
        request.DroppedParameters is { Count: > 0 } dropped ? new MessagesAdjustments([], dropped) : MessagesAdjustments.None;

    private static IMessagesProvider? Native(ModelRoute route) =>
        route.Provider is IMessagesProvider { SupportsMessages: true } messages ? messages : null;

    /// <param name="dropParams">The caller's <c>x-sluice-drop-params</c>, over the model's <c>drop_params</c>.</param>
    private async Task<ChatRequest> TranslateAsync(ModelRoute route, MessagesRequest request, bool? dropParams, CancellationToken cancellationToken)
    {
        var translated = MessagesRequestTranslator.ToChatRequest(request);
        var chat = translated.Request;
        chat.DropUnsupported = dropParams ?? route.DropParams;
        if (translated.ImageUrls is { Count: > 0 } urls)
        {
            // One at a time, in request order: the first failure is the one reported. Messages requests rarely carry URL images.
            foreach (var pending in urls)
            {
                var image = await images.FetchAsync(pending.Url, pending.Param, cancellationToken);
                translated.SetImage(pending, image.Data, image.MediaType);
            }
        }

        return chat;
    }
}
