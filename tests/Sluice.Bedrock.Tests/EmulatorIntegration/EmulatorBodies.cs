using System.Text;

namespace Sluice.Bedrock.Tests.EmulatorIntegration;

/// <summary>Request bodies for the raw-client tests (the provider tests build theirs through the translation layer).</summary>
internal static class EmulatorBodies
{
    public static ReadOnlyMemory<byte> Converse(string text, int? maxTokens = null) => Encoding.UTF8.GetBytes(maxTokens is null
        ? $$$"""{"messages":[{"role":"user","content":[{"text":"{{{text}}}"}]}]}"""
        : $$$"""{"messages":[{"role":"user","content":[{"text":"{{{text}}}"}]}],"inferenceConfig":{"maxTokens":{{{maxTokens}}}}}""");

    public static ReadOnlyMemory<byte> Hello => Converse("Hello there");

    public static ReadOnlyMemory<byte> Anthropic(string text) => Encoding.UTF8.GetBytes(
        $$$"""{"anthropic_version":"bedrock-2023-05-31","max_tokens":200,"messages":[{"role":"user","content":[{"type":"text","text":"{{{text}}}"}]}]}""");
}
