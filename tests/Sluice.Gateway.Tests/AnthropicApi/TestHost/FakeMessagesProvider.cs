using System.Text;
using Sluice.Core.Chat;
using Sluice.Core.Embeddings;
using Sluice.Core.Images;
using Sluice.Core.Messages;
using Sluice.Core.Providers;
using Sluice.Gateway.Tests.OpenAi.TestHost;

namespace Sluice.Gateway.Tests.AnthropicApi.TestHost;

/// <summary>A scriptable Messages-native provider (as Claude on Bedrock is): tests set the answer and read what was sent.</summary>
internal sealed class FakeMessagesProvider : IModelProvider, IMessagesProvider
{
    /// <summary>An answer as Bedrock's InvokeModel gives it: the upstream model ID in <c>model</c>.</summary>
    public const string Answer = """{"id":"msg_bdrk_01","type":"message","role":"assistant","model":"claude-test-upstream","content":[{"type":"text","text":"Hello from the fake Claude."}],"stop_reason":"end_turn","stop_sequence":null,"usage":{"input_tokens":10,"cache_creation_input_tokens":0,"cache_read_input_tokens":0,"output_tokens":5}}""";

    public Func<MessagesRequest, CancellationToken, Task<MessagesResponse>> OnSend { get; set; } = (_, _) =>
        Task.FromResult(new MessagesResponse(Encoding.UTF8.GetBytes(Answer), new Usage(10, 5), FakeProvider.DefaultUpstream, MessagesAdjustments.None));

    public Func<MessagesRequest, CancellationToken, Task<MessagesStream>> OnStream { get; set; } = (_, _) =>
        Task.FromResult<MessagesStream>(ScriptedMessagesStream.Completed(ScriptedMessagesStream.TextAnswer("Hi", "!")));

    public Func<MessagesRequest, CancellationToken, Task<int>> OnCount { get; set; } = (_, _) => Task.FromResult(42);

    public bool SupportsMessages { get; set; } = true;

    public MessagesRequest? Last { get; private set; }

    public Task<MessagesResponse> SendMessagesAsync(MessagesRequest request, CancellationToken cancellationToken)
    {
        Last = request;
        return OnSend(request, cancellationToken);
    }

    public Task<MessagesStream> StartMessagesStreamAsync(MessagesRequest request, CancellationToken cancellationToken)
    {
        Last = request;
        return OnStream(request, cancellationToken);
    }

    public Task<int> CountTokensAsync(MessagesRequest request, CancellationToken cancellationToken)
    {
        Last = request;
        return OnCount(request, cancellationToken);
    }

    public Task<ChatResponse> ChatAsync(ChatRequest request, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<ChatStream> StartChatStreamAsync(ChatRequest request, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<EmbeddingResponse> EmbedAsync(EmbeddingRequest request, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<ImageResponse> GenerateImagesAsync(ImageRequest request, CancellationToken cancellationToken) => throw new NotSupportedException();
}
