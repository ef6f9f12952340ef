namespace Sluice.Storage.Entities;

/// <summary>A provider account row. Secrets live only in <see cref="SecretsBlob"/>, encrypted by the gateway.</summary>
public sealed class ProviderAccountEntity
{
    public long Id { get; set; }

    public required string Name { get; set; }

    /// <summary>The manifest type, e.g. <c>provider-account/aws-bedrock</c>.</summary>
    public required string Type { get; set; }

    public required string Region { get; set; }

    public string? EndpointUrl { get; set; }

    public string? StsEndpointUrl { get; set; }

    /// <summary>The <c>base_url</c> of a non-Bedrock account (null = the provider's public endpoint).</summary>
    public string? BaseUrl { get; set; }

    /// <summary>
    /// The kind-specific settings that are not secrets (API version, organisation, project, extra headers, Entra
    /// tenant and client IDs) as a JSON object; null when there are none.
    /// </summary>
    public string? SettingsJson { get; set; }

    /// <summary><c>access-key-based</c>, <c>assumed-role-based</c> or <c>api-key</c>.</summary>
    public required string AuthType { get; set; }

    public string? AccessKeyId { get; set; }

    public string? AssumedRoleArn { get; set; }

    public string? ExternalId { get; set; }

    /// <summary>AES-GCM ciphertext of the account's secrets (never plain text).</summary>
    public byte[]? SecretsBlob { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>Optimistic concurrency token, bumped on every update (portable across SQLite and PostgreSQL).</summary>
    public long RowVersion { get; set; }

    public List<ModelEntity> Models { get; set; } = [];

    public List<CollaboratorEntity> Collaborators { get; set; } = [];

    public override string ToString() => $"ProviderAccount {Name} ({AuthType}, {Region})";
}
