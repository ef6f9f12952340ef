using Sluice.Core.Chat;

namespace Sluice.Gateway.OpenAi;

/// <summary>
/// A validated chat request plus the http(s) images still to fetch into it. <see cref="Request"/> is already in the
/// form that is sent when the <see cref="Unsupported"/> parameters are dropped (n 1, temperature at most 1...).
/// </summary>
/// <param name="Unsupported">Parameters Bedrock cannot honour, in body order; null when there are none.</param>
/// <param name="DropParams">The body's LiteLLM-style <c>drop_params</c>; null when the body does not say.</param>
internal sealed record ParsedChatRequest(ChatRequest Request, List<PendingImage>? Images, List<UnsupportedParameter>? Unsupported = null, bool? DropParams = null);
