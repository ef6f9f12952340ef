namespace Sluice.AzureOpenAI.Emulator.Entra;

/// <summary>An app registration of the emulated directory: its client ID, its one client secret, and whether that secret has expired.</summary>
public sealed record EntraApp(string TenantId, string ClientId, string ClientSecret, bool SecretExpired = false);
