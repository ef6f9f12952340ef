using System.Text.Json.Serialization;

namespace Sluice.Gateway.Manifests;

/// <summary>A <c>provider-account/aws-bedrock</c> document. Lists are null when the document left them out.</summary>
public sealed record ProviderAccountDocument(string Name) : ManifestDocument(Name)
{
    public override string Type => ManifestTypes.BedrockAccount;

    public string Region { get; init; } = "";

    [JsonPropertyName("auth_data")]
    public AuthData? Auth { get; init; }

    public string? EndpointUrl { get; init; }

    public string? StsEndpointUrl { get; init; }

    public IReadOnlyList<CollaboratorDocument>? Collaborators { get; init; }

    public IReadOnlyList<IntegrationDocument>? Integrations { get; init; }
}
