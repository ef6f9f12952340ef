using Sluice.Bedrock.Catalogue;
using Sluice.Bedrock.ControlPlane;
using Sluice.Bedrock.Models;
using Sluice.Bedrock.Runtime;
using Sluice.Core.Providers;

namespace Sluice.Bedrock.Provider;

/// <summary>Builds one <see cref="BedrockModelProvider"/> per configured model, sharing the runtime client and profile resolver.</summary>
public sealed class BedrockProviderFactory(BedrockRuntimeClient runtime, InferenceProfileResolver profiles)
{
    /// <summary>Creates the provider for <paramref name="model"/> of <paramref name="account"/>.</summary>
    public IModelProvider Create(BedrockAccountSettings account, BedrockModelSettings model) =>
        new BedrockModelProvider(runtime, profiles, TargetFor(account, model), BedrockCatalogue.Find(model.ModelId))
        {
            PromptCaching = model.PromptCaching,
        };

    /// <summary>The call target; the region is the ARN's region, else the model's, else the account's.</summary>
    public static BedrockTarget TargetFor(BedrockAccountSettings account, BedrockModelSettings model)
    {
        var modelId = model.ModelId.Trim();
        var arnRegion = BedrockModelIdentifier.TryParse(modelId, out var id) ? id.Region : null;
        var region = !string.IsNullOrEmpty(arnRegion) ? arnRegion
            : !string.IsNullOrWhiteSpace(model.Region) ? model.Region.Trim()
            : account.Region;
        return new BedrockTarget(modelId, region, account.Auth, account.Endpoints);
    }
}
