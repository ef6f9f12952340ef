using System.Diagnostics;
using Sluice.Core.Chat;
using Sluice.Core.Embeddings;
using Sluice.Core.Images;
using Sluice.Core.Messages;
using Sluice.Core.Providers;
using static Sluice.Gateway.Telemetry.TelemetryNames;

namespace Sluice.Gateway.Telemetry;

/// <summary>
/// Wraps one real model's provider so that every upstream attempt (direct, retried or fallen back to) is one CLIENT
/// span and one point of the GenAI client metrics. With no listener each call goes straight to the inner provider.
/// </summary>
public sealed class InstrumentedModelProvider(IModelProvider inner, UpstreamTarget target, GenAiInstruments genAi) : IModelProvider, IMessagesProvider
{
    /// <summary>The decorated provider.</summary>
    public IModelProvider Inner => inner;

    public bool SupportsMessages => inner is IMessagesProvider { SupportsMessages: true };

    public Task<ChatResponse> ChatAsync(ChatRequest request, CancellationToken cancellationToken) =>
        genAi.Active ? ChatTracedAsync(request, cancellationToken) : inner.ChatAsync(request, cancellationToken);

    public Task<ChatStream> StartChatStreamAsync(ChatRequest request, CancellationToken cancellationToken) =>
        genAi.Active ? StartTracedAsync(request, cancellationToken) : inner.StartChatStreamAsync(request, cancellationToken);

    public Task<EmbeddingResponse> EmbedAsync(EmbeddingRequest request, CancellationToken cancellationToken) =>
        genAi.Active ? EmbedTracedAsync(request, cancellationToken) : inner.EmbedAsync(request, cancellationToken);

    public Task<ImageResponse> GenerateImagesAsync(ImageRequest request, CancellationToken cancellationToken) =>
        genAi.Active ? ImagesTracedAsync(request, cancellationToken) : inner.GenerateImagesAsync(request, cancellationToken);

    public Task<MessagesResponse> SendMessagesAsync(MessagesRequest request, CancellationToken cancellationToken) =>
        genAi.Active ? MessagesTracedAsync(request, cancellationToken) : Messages.SendMessagesAsync(request, cancellationToken);

    public Task<MessagesStream> StartMessagesStreamAsync(MessagesRequest request, CancellationToken cancellationToken) =>
        genAi.Active ? StartMessagesTracedAsync(request, cancellationToken) : Messages.StartMessagesStreamAsync(request, cancellationToken);

    public Task<int> CountTokensAsync(MessagesRequest request, CancellationToken cancellationToken) =>
        Messages.CountTokensAsync(request, cancellationToken);

    private IMessagesProvider Messages => inner as IMessagesProvider
        ?? throw new NotSupportedException("This model takes no Anthropic Messages bodies; check SupportsMessages first.");

    private async Task<ChatResponse> ChatTracedAsync(ChatRequest request, CancellationToken ct)
    {
        using var activity = GenAiInstruments.StartAttempt(Chat, target, request);
        if (activity is not null && genAi.CaptureContent) MessageContent.TagInput(activity, request);
        var started = Stopwatch.GetTimestamp();
        try
        {
            var response = await inner.ChatAsync(request, ct);
            genAi.Succeeded(activity, Chat, target, response.Upstream.ModelId, response.Usage, response.FinishReason, Stopwatch.GetElapsedTime(started).TotalSeconds, null);
            if (activity is not null && genAi.CaptureContent) MessageContent.TagOutput(activity, response.Text, response.FinishReason);
            return response;
        }
        catch (Exception e)
        {
            genAi.Failed(activity, Chat, target, e, Stopwatch.GetElapsedTime(started).TotalSeconds);
            throw;
        }
    }

    private async Task<ChatStream> StartTracedAsync(ChatRequest request, CancellationToken ct)
    {
        var activity = GenAiInstruments.StartAttempt(Chat, target, request);
        if (activity is not null && genAi.CaptureContent) MessageContent.TagInput(activity, request);
        var started = Stopwatch.GetTimestamp();
        try
        {
            var stream = await inner.StartChatStreamAsync(request, ct);
            return new InstrumentedChatStream(stream, activity, target, genAi, started);
        }
        catch (Exception e)
        {
            genAi.Failed(activity, Chat, target, e, Stopwatch.GetElapsedTime(started).TotalSeconds);
            activity?.Dispose();
            throw;
        }
    }

    private async Task<EmbeddingResponse> EmbedTracedAsync(EmbeddingRequest request, CancellationToken ct)
    {
        using var activity = GenAiInstruments.StartAttempt(Embeddings, target, null);
        var started = Stopwatch.GetTimestamp();
        try
        {
            var response = await inner.EmbedAsync(request, ct);
            genAi.Succeeded(activity, Embeddings, target, response.Upstream.ModelId, new Usage(response.PromptTokens, 0), null,
                Stopwatch.GetElapsedTime(started).TotalSeconds, null);
            return response;
        }
        catch (Exception e)
        {
            genAi.Failed(activity, Embeddings, target, e, Stopwatch.GetElapsedTime(started).TotalSeconds);
            throw;
        }
    }

    private async Task<ImageResponse> ImagesTracedAsync(ImageRequest request, CancellationToken ct)
    {
        using var activity = GenAiInstruments.StartAttempt(GenerateContent, target, null);
        var started = Stopwatch.GetTimestamp();
        try
        {
            var response = await inner.GenerateImagesAsync(request, ct);
            genAi.Succeeded(activity, GenerateContent, target, response.Upstream.ModelId, null, null, Stopwatch.GetElapsedTime(started).TotalSeconds, null);
            return response;
        }
        catch (Exception e)
        {
            genAi.Failed(activity, GenerateContent, target, e, Stopwatch.GetElapsedTime(started).TotalSeconds);
            throw;
        }
    }

    private async Task<MessagesResponse> MessagesTracedAsync(MessagesRequest request, CancellationToken ct)
    {
        using var activity = GenAiInstruments.StartAttempt(Chat, target, null);
        var started = Stopwatch.GetTimestamp();
        try
        {
            var response = await Messages.SendMessagesAsync(request, ct);
            genAi.Succeeded(activity, Chat, target, response.Upstream.ModelId, response.Usage, null, Stopwatch.GetElapsedTime(started).TotalSeconds, null);
            return response;
        }
        catch (Exception e)
        {
            genAi.Failed(activity, Chat, target, e, Stopwatch.GetElapsedTime(started).TotalSeconds);
            throw;
        }
    }

    private async Task<MessagesStream> StartMessagesTracedAsync(MessagesRequest request, CancellationToken ct)
    {
        var activity = GenAiInstruments.StartAttempt(Chat, target, null);
        activity?.SetTag(RequestStream, true);
        var started = Stopwatch.GetTimestamp();
        try
        {
            var stream = await Messages.StartMessagesStreamAsync(request, ct);
            return new InstrumentedMessagesStream(stream, activity, target, genAi, started);
        }
        catch (Exception e)
        {
            genAi.Failed(activity, Chat, target, e, Stopwatch.GetElapsedTime(started).TotalSeconds);
            activity?.Dispose();
            throw;
        }
    }
}
