using System.Text.Json.Nodes;

namespace Sluice.Core.Messages;

/// <summary>
/// A caller's Anthropic Messages request, already checked to be a JSON object with <c>model</c>, <c>max_tokens</c>
/// (except for count_tokens) and <c>messages</c>. The provider adapts a copy to its upstream (Bedrock drops
/// <c>model</c> and <c>stream</c>, adds <c>anthropic_version</c>, filters betas) and never changes <see cref="Body"/>,
/// so a router can send the same request to another target.
/// </summary>
/// <param name="Body">The request body as the caller sent it.</param>
/// <param name="Betas">The values of the caller's <c>anthropic-beta</c> headers, split on commas, trimmed, in order.</param>
/// <param name="AnthropicVersion">The caller's <c>anthropic-version</c> header, when sent.</param>
public sealed record MessagesRequest(JsonObject Body, IReadOnlyList<string> Betas, string? AnthropicVersion = null);
