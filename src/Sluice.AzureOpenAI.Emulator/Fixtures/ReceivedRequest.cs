namespace Sluice.AzureOpenAI.Emulator.Fixtures;

/// <summary>What the emulated resource received: the path and query, how it was authenticated, and the JSON body.</summary>
public sealed record ReceivedRequest(string PathAndQuery, string? ApiKey, string? Authorization, string Body);
