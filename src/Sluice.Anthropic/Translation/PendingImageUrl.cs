namespace Sluice.Anthropic.Translation;

/// <summary>
/// An image given by URL (<c>source.type: url</c>), to be fetched by the gateway into
/// <c>Messages[Message].Content[Part]</c> of the translated request, which holds a placeholder until then.
/// </summary>
/// <param name="Message">Index in <see cref="Sluice.Core.Chat.ChatRequest.Messages"/> (not the caller's message index).</param>
/// <param name="Part">Index in that message's content.</param>
/// <param name="Url">The URL as the caller sent it.</param>
/// <param name="Param">The caller's field path, for errors (<c>messages[0].content[1].source.url</c>).</param>
public readonly record struct PendingImageUrl(int Message, int Part, string Url, string Param);
