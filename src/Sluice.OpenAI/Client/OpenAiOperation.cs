namespace Sluice.OpenAI.Client;

/// <summary>The OpenAI API operations Sluice calls; an <see cref="IOpenAiEndpoint"/> turns each into a URI.</summary>
public enum OpenAiOperation
{
    ChatCompletions,
    Embeddings,
    ImageGenerations,
    Responses,
    Models,
}
