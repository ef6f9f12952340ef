namespace Sluice.Gateway.Manifests;

/// <summary>The <c>auth_data</c> of an account. Holds secrets: <see cref="ToString"/> never prints them.</summary>
[TrueFoundryKeys("bearer_token")]
public sealed record AuthData(string Type)
{
    public string? AccessKeyId { get; init; }

    public string? SecretAccessKey { get; init; }

    public string? SessionToken { get; init; }

    public string? AssumedRoleArn { get; init; }

    public string? ExternalId { get; init; }

    public string? ApiKey { get; init; }

    /// <summary>Azure Entra ID: the directory (tenant) ID.</summary>
    public string? TenantId { get; init; }

    /// <summary>Azure Entra ID: the application (client) ID.</summary>
    public string? ClientId { get; init; }

    /// <summary>Azure Entra ID: the client secret (a secret: encrypted at rest, never returned).</summary>
    public string? ClientSecret { get; init; }

    /// <summary>Fills each secret this one leaves out from <paramref name="stored"/> (re-applied manifests omit them).</summary>
    public AuthData KeepSecretsFrom(AuthData? stored) =>
        stored is null || stored.Type != Type
            ? this
            : this with
            {
                SecretAccessKey = SecretAccessKey ?? stored.SecretAccessKey,
                SessionToken = SessionToken ?? stored.SessionToken,
                ApiKey = ApiKey ?? stored.ApiKey,
                ClientSecret = ClientSecret ?? stored.ClientSecret,
            };

    public override string ToString() => $"AuthData {{ Type = {Type}, AccessKeyId = {AccessKeyId}, AssumedRoleArn = {AssumedRoleArn}, TenantId = {TenantId}, ClientId = {ClientId} }}";
}
