namespace Sluice.AzureOpenAI.Emulator.Fixtures;

/// <summary>A deployment of the emulated resource: its name, the model behind it, and whether that model embeds or chats.</summary>
public sealed record AzureDeployment(string Name, string Model, bool Embeddings = false);
