namespace Sluice.Gateway.Manifests;

/// <summary>The manifest <c>type</c> values Sluice understands.</summary>
public static class ManifestTypes
{
    public const string BedrockAccount = "provider-account/aws-bedrock";
    public const string BedrockModel = "integration/model/bedrock";
    public const string OpenAiAccount = "provider-account/openai";
    public const string OpenAiModel = "integration/model/openai";
    public const string AnthropicAccount = "provider-account/anthropic";
    public const string AnthropicModel = "integration/model/anthropic";
    public const string AzureOpenAiAccount = "provider-account/azure-openai";
    public const string AzureOpenAiModel = "integration/model/azure-openai";
    public const string SelfHostedAccount = "provider-account/self-hosted-model";
    public const string SelfHostedModel = "integration/model/self-hosted-model";
    public const string VirtualModelGroup = "provider-account/virtual-model";
    public const string VirtualModel = "integration/model/virtual";
    public const string LoadBalancingConfig = "gateway-load-balancing-config";
    public const string GatewayModelAliases = "gateway-model-aliases";
    public const string GlobalSettings = "gateway-global-settings";
    public const string User = "user";
    public const string Team = "team";
    public const string VirtualAccount = "virtual-account";
    public const string RateLimitingConfig = "gateway-rate-limiting-config";
    public const string BudgetConfig = "gateway-budget-config";
    public const string RateLimitV2 = "tenant-rate-limit-config/model";
    public const string TenantBudget = "tenant-budget-config";
    public const string TeamBudget = "team-budget-config";

    public const string AccessKeyAuth = "access-key-based";
    public const string AssumedRoleAuth = "assumed-role-based";
    public const string ApiKeyAuth = "api-key";

    /// <summary>TrueFoundry's form of an API key sent as a Bearer token (<c>bearer_token</c>): OpenAI and OpenAI-compatible servers.</summary>
    public const string BearerAuth = "bearer-auth";

    /// <summary>Azure: Microsoft Entra ID client credentials (tenant, client ID, client secret).</summary>
    public const string AzureClientSecretAuth = "azure-client-secret";

    /// <summary>Each document <c>type</c> Sluice reads, with the record that holds it; the did-you-mean list for an unknown type.</summary>
    public static readonly IReadOnlyDictionary<string, Type> Documents = new Dictionary<string, Type>(StringComparer.Ordinal)
    {
        [BedrockAccount] = typeof(ProviderAccountDocument),
        [OpenAiAccount] = typeof(ProviderAccountDocument),
        [AnthropicAccount] = typeof(ProviderAccountDocument),
        [AzureOpenAiAccount] = typeof(ProviderAccountDocument),
        [SelfHostedAccount] = typeof(ProviderAccountDocument),
        [VirtualModelGroup] = typeof(VirtualModelGroupDocument),
        [LoadBalancingConfig] = typeof(LoadBalancingConfigDocument),
        [GatewayModelAliases] = typeof(GatewayModelAliasesDocument),
        [GlobalSettings] = typeof(GlobalSettingsDocument),
        [User] = typeof(UserDocument),
        [Team] = typeof(TeamDocument),
        [VirtualAccount] = typeof(VirtualAccountDocument),
        [RateLimitingConfig] = typeof(RateLimitingConfigDocument),
        [BudgetConfig] = typeof(BudgetConfigDocument),
        [RateLimitV2] = typeof(RateLimitDocument),
        [TenantBudget] = typeof(BudgetDocument),
        [TeamBudget] = typeof(BudgetDocument),
    };

    public const string AccountManagerRole = "provider-account-manager";
    public const string AccountAccessRole = "provider-account-access";

    public const string WeightRouting = "weight-based-routing";
    public const string PriorityRouting = "priority-based-routing";
    public const string LatencyRouting = "latency-based-routing";
}
