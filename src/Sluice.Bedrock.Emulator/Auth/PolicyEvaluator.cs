namespace Sluice.Bedrock.Emulator;

/// <summary>Evaluates a principal's allow-lists the way IAM reports an implicit deny.</summary>
internal static class PolicyEvaluator
{
    public static AwsError? Check(Principal principal, string action, string region, string resourceArn, string resourceId)
    {
        var policy = principal.Policy;
        var allowed = Glob.AnyMatch(policy.AllowedActions, action)
            && Glob.AnyMatch(policy.AllowedRegions, region)
            && (Glob.AnyMatch(policy.AllowedModels, resourceId) || Glob.AnyMatch(policy.AllowedModels, resourceArn));
        if (allowed)
        {
            return null;
        }

        return AwsError.AccessDenied(
            $"User: {principal.Arn} is not authorized to perform: {action} on resource: {resourceArn} because no identity-based policy allows the {action} action");
    }

    public static string FoundationModelArn(string region, string modelId) => $"arn:aws:bedrock:{region}::foundation-model/{modelId}";

    public static string ProfileArn(string region, string account, string profileId) => $"arn:aws:bedrock:{region}:{account}:inference-profile/{profileId}";
}
