namespace Sluice.AzureOpenAI.Entra;

/// <summary>An access token from Entra ID and when it stops being accepted.</summary>
public sealed record EntraToken(string AccessToken, DateTimeOffset ExpiresOn)
{
    public override string ToString() => $"EntraToken {{ ExpiresOn = {ExpiresOn:O} }}";
}
