namespace Sluice.Gateway.Manifests;

/// <summary>The provider kinds Sluice can call, keyed by account manifest type.</summary>
public static class ProviderKinds
{
    public static readonly ProviderKind Bedrock = new(
        ManifestTypes.BedrockAccount, ManifestTypes.BedrockModel, "AWS Bedrock",
        [ManifestTypes.AccessKeyAuth, ManifestTypes.AssumedRoleAuth, ManifestTypes.ApiKeyAuth], UsesRegion: true, RequiresBaseUrl: false);

    public static readonly ProviderKind OpenAi = new(
        ManifestTypes.OpenAiAccount, ManifestTypes.OpenAiModel, "OpenAI",
        [ManifestTypes.ApiKeyAuth, ManifestTypes.BearerAuth], UsesRegion: false, RequiresBaseUrl: false);

    public static readonly ProviderKind Anthropic = new(
        ManifestTypes.AnthropicAccount, ManifestTypes.AnthropicModel, "Anthropic",
        [ManifestTypes.ApiKeyAuth], UsesRegion: false, RequiresBaseUrl: false);

    public static readonly ProviderKind AzureOpenAi = new(
        ManifestTypes.AzureOpenAiAccount, ManifestTypes.AzureOpenAiModel, "Azure OpenAI",
        [ManifestTypes.ApiKeyAuth, ManifestTypes.AzureClientSecretAuth], UsesRegion: false, RequiresBaseUrl: true);

    public static readonly ProviderKind SelfHosted = new(
        ManifestTypes.SelfHostedAccount, ManifestTypes.SelfHostedModel, "OpenAI-compatible server",
        [ManifestTypes.ApiKeyAuth, ManifestTypes.BearerAuth], UsesRegion: false, RequiresBaseUrl: true, AuthOptional: true);

    public static readonly IReadOnlyDictionary<string, ProviderKind> ByAccountType = new Dictionary<string, ProviderKind>(StringComparer.Ordinal)
    {
        [Bedrock.AccountType] = Bedrock,
        [OpenAi.AccountType] = OpenAi,
        [Anthropic.AccountType] = Anthropic,
        [AzureOpenAi.AccountType] = AzureOpenAi,
        [SelfHosted.AccountType] = SelfHosted,
    };

    /// <summary>The kind of <paramref name="account"/>; Bedrock for a type Sluice does not know (the reader refuses those).</summary>
    public static ProviderKind Of(ProviderAccountDocument account) => ByAccountType.GetValueOrDefault(account.AccountType, Bedrock);

    public static bool IsAccountType(string type) => ByAccountType.ContainsKey(type);
}
