using System.Text.Json.Serialization;

namespace Sluice.Gateway.Manifests;

/// <summary>
/// A provider account document: <c>provider-account/aws-bedrock</c>, <c>openai</c>, <c>anthropic</c>,
/// <c>azure-openai</c> or <c>self-hosted-model</c> (see <see cref="ProviderKinds"/>). The keys of every kind live on
/// this one record; each kind's rules refuse the keys that do not apply to it. Lists are null when the document left
/// them out.
/// </summary>
public sealed record ProviderAccountDocument(string Name) : ManifestDocument(Name)
{
    public override string Type => AccountType;

    /// <summary>The manifest type this account was read as (the Bedrock kind when a caller did not say).</summary>
    [JsonIgnore]
    public string AccountType { get; init; } = ManifestTypes.BedrockAccount;

    /// <summary>Bedrock: the default AWS region (models may override it). Empty for the other kinds.</summary>
    public string Region { get; init; } = "";

    [JsonPropertyName("auth_data")]
    public AuthData? Auth { get; init; }

    /// <summary>Bedrock: a runtime endpoint override (VPC endpoint, or the local emulator).</summary>
    public string? EndpointUrl { get; init; }

    public string? StsEndpointUrl { get; init; }

    /// <summary>
    /// <c>base_url</c>: where the provider's API is (a proxy, a private endpoint, a self-hosted server, or a local
    /// emulator in tests). Null = the provider's public endpoint; required for kinds that have none.
    /// </summary>
    public string? BaseUrl { get; init; }

    /// <summary>Azure OpenAI: the <c>api-version</c> query parameter sent with every call.</summary>
    public string? ApiVersion { get; init; }

    /// <summary>OpenAI: the organisation ID sent as <c>OpenAI-Organization</c>.</summary>
    public string? Organization { get; init; }

    /// <summary>OpenAI: the project ID sent as <c>OpenAI-Project</c>.</summary>
    public string? Project { get; init; }

    /// <summary>Extra headers sent on every upstream call of this account (not secrets: use auth_data for those).</summary>
    public IReadOnlyDictionary<string, string>? Headers { get; init; }

    public IReadOnlyList<CollaboratorDocument>? Collaborators { get; init; }

    public IReadOnlyList<IntegrationDocument>? Integrations { get; init; }
}
