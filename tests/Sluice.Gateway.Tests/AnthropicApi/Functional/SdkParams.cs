using System.Text.Json;
using Anthropic.Models.Messages;

namespace Sluice.Gateway.Tests.AnthropicApi.Functional;

/// <summary>
/// SDK parameters from a JSON body, for multi-turn conversations that carry earlier answers' blocks verbatim (the
/// SDK's typed builders would rebuild them); the SDK still sends, authenticates and parses everything.
/// </summary>
internal static class SdkParams
{
    private static readonly Dictionary<string, JsonElement> None = [];

    public static MessageCreateParams Create(string json) => MessageCreateParams.FromRawUnchecked(None, None, Body(json));

    public static MessageCountTokensParams Count(string json) => MessageCountTokensParams.FromRawUnchecked(None, None, Body(json));

    /// <summary>The blocks of an answer as JSON, exactly as received, to send back as the assistant's turn.</summary>
    public static string Blocks(Message message) => "[" + string.Join(",", message.Content.Select(b => b.Json.GetRawText())) + "]";

    private static Dictionary<string, JsonElement> Body(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.Clone());
    }
}
