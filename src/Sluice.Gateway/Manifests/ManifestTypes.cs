namespace Sluice.Gateway.Manifests;

/// <summary>The manifest <c>type</c> values Sluice understands.</summary>
public static class ManifestTypes
{
    public const string BedrockAccount = "provider-account/aws-bedrock";
    public const string BedrockModel = "integration/model/bedrock";
    public const string VirtualModelGroup = "provider-account/virtual-model";
    public const string VirtualModel = "integration/model/virtual";
    public const string LoadBalancingConfig = "gateway-load-balancing-config";
    public const string GatewayModelAliases = "gateway-model-aliases";
    public const string GlobalSettings = "gateway-global-settings";
    public const string User = "user";
    public const string Team = "team";
    public const string VirtualAccount = "virtual-account";

    public const string AccessKeyAuth = "access-key-based";
    public const string AssumedRoleAuth = "assumed-role-based";
    public const string ApiKeyAuth = "api-key";

    /// <summary>Each document <c>type</c> Sluice reads, with the record that holds it; the did-you-mean list for an unknown type.</summary>
    public static readonly IReadOnlyDictionary<string, Type> Documents = new Dictionary<string, Type>(StringComparer.Ordinal)
    {
        [BedrockAccount] = typeof(ProviderAccountDocument),
        [VirtualModelGroup] = typeof(VirtualModelGroupDocument),
        [LoadBalancingConfig] = typeof(LoadBalancingConfigDocument),
        [GatewayModelAliases] = typeof(GatewayModelAliasesDocument),
        [GlobalSettings] = typeof(GlobalSettingsDocument),
        [User] = typeof(UserDocument),
        [Team] = typeof(TeamDocument),
        [VirtualAccount] = typeof(VirtualAccountDocument),
    };

    public const string AccountManagerRole = "provider-account-manager";
    public const string AccountAccessRole = "provider-account-access";

    public const string WeightRouting = "weight-based-routing";
    public const string PriorityRouting = "priority-based-routing";
    public const string LatencyRouting = "latency-based-routing";
}
