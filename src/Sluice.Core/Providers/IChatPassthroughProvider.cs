namespace Sluice.Core.Providers;

/// <summary>
/// A provider that speaks OpenAI's chat completions natively: it takes <see cref="Chat.ChatRequest.Passthrough"/>
/// (the caller's body) as is and answers with the upstream's own JSON, so parameters other upstreams cannot honour
/// are neither refused nor dropped for it.
/// </summary>
public interface IChatPassthroughProvider
{
}
