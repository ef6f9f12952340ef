namespace Sluice.Bedrock.Emulator;

/// <summary>The wire family of a model: decides which native InvokeModel body it speaks.</summary>
internal enum ModelFamily
{
    Generic,
    Anthropic,
    Nova,
    Llama,
    TitanEmbed,
    CohereEmbed,
    TitanImage,
    NovaCanvas,
}

internal static class ModelFamilies
{
    public static ModelFamily Resolve(string? configured, string modelId)
    {
        if (!string.IsNullOrEmpty(configured))
        {
            return configured.Replace("_", "", StringComparison.Ordinal).ToLowerInvariant() switch
            {
                "anthropic" => ModelFamily.Anthropic,
                "nova" => ModelFamily.Nova,
                "llama" or "meta" => ModelFamily.Llama,
                "titanembed" => ModelFamily.TitanEmbed,
                "cohereembed" => ModelFamily.CohereEmbed,
                "titanimage" => ModelFamily.TitanImage,
                "novacanvas" => ModelFamily.NovaCanvas,
                _ => ModelFamily.Generic,
            };
        }

        if (modelId.StartsWith("anthropic.", StringComparison.Ordinal)) return ModelFamily.Anthropic;
        if (modelId.StartsWith("amazon.nova-canvas", StringComparison.Ordinal)) return ModelFamily.NovaCanvas;
        if (modelId.StartsWith("amazon.nova-", StringComparison.Ordinal)) return ModelFamily.Nova;
        if (modelId.StartsWith("amazon.titan-embed", StringComparison.Ordinal)) return ModelFamily.TitanEmbed;
        if (modelId.StartsWith("amazon.titan-image", StringComparison.Ordinal)) return ModelFamily.TitanImage;
        if (modelId.StartsWith("cohere.embed", StringComparison.Ordinal)) return ModelFamily.CohereEmbed;
        if (modelId.StartsWith("meta.", StringComparison.Ordinal)) return ModelFamily.Llama;
        return ModelFamily.Generic;
    }

    public static bool IsChat(ModelFamily f) => f is ModelFamily.Generic or ModelFamily.Anthropic or ModelFamily.Nova or ModelFamily.Llama;
}
