namespace Sluice.Gateway.Manifests;

/// <summary>
/// One kind of provider account: its manifest type, the type of its models, the <c>auth_data.type</c> values it
/// accepts, and whether it needs a region or a base URL.
/// </summary>
public sealed record ProviderKind(
    string AccountType,
    string ModelType,
    string DisplayName,
    IReadOnlyList<string> AuthTypes,
    bool UsesRegion,
    bool RequiresBaseUrl,
    bool AuthOptional = false);
