using Sluice.Core.Chat;

namespace Sluice.Gateway.OpenAi;

/// <summary>A validated chat request plus the http(s) images still to fetch into it.</summary>
internal sealed record ParsedChatRequest(ChatRequest Request, List<PendingImage>? Images);
