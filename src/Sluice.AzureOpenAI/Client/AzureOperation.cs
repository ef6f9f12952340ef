namespace Sluice.AzureOpenAI.Client;

/// <summary>The per-deployment operations of Azure OpenAI's data plane that Sluice calls.</summary>
public enum AzureOperation
{
    ChatCompletions,
    Embeddings,
    ImageGenerations,
}
