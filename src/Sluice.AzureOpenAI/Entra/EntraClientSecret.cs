namespace Sluice.AzureOpenAI.Entra;

/// <summary>
/// A Microsoft Entra ID app registration that signs in with a client secret (the OAuth 2.0 client-credentials grant).
/// Holds a secret: <see cref="ToString"/> never prints it.
/// </summary>
/// <param name="TenantId">The directory (tenant) ID or a verified domain of the tenant.</param>
/// <param name="ClientId">The application (client) ID.</param>
/// <param name="ClientSecret">The secret's value (not its ID).</param>
public sealed record EntraClientSecret(string TenantId, string ClientId, string ClientSecret)
{
    public override string ToString() => $"EntraClientSecret {{ TenantId = {TenantId}, ClientId = {ClientId} }}";
}
