namespace Sluice.Bedrock.Emulator;

/// <summary>Where a model identifier leads: the foundation model that answers and the Region that serves it.</summary>
internal sealed record Resolution(FixtureModel Model, string ServedRegion);

/// <summary>Resolves plain IDs, foundation-model ARNs, system profiles (ID or ARN) and application profiles; applies availability and IAM rules.</summary>
internal static class ModelResolver
{
    public static Resolution Resolve(EmulatorFixture f, string identifier, string region, Principal principal, string action, bool checkOnDemand)
    {
        if (identifier.Length == 0 || identifier.Length > 2048 || !ValidChars(identifier))
        {
            throw RequestRejected.Constraint(identifier, "modelId", "Member must satisfy regular expression pattern: [a-zA-Z_\\.\\-/0-9:]+");
        }

        if (identifier.StartsWith("arn:", StringComparison.Ordinal))
        {
            return ResolveArn(f, identifier, region, principal, action, checkOnDemand);
        }

        var model = f.FindModel(identifier);
        if (model is not null)
        {
            return ResolveFoundation(f, model, region, principal, action, checkOnDemand);
        }

        var profile = f.FindProfile(identifier);
        if (profile is not null)
        {
            return ResolveSystemProfile(f, profile, region, principal, action);
        }

        throw new RequestRejected(AwsError.InvalidModel());
    }

    private static bool ValidChars(string s)
    {
        foreach (var c in s)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-' or '/' or ':')) return false;
        }

        return true;
    }

    private static Resolution ResolveArn(EmulatorFixture f, string identifier, string region, Principal principal, string action, bool checkOnDemand)
    {
        if (!ArnParser.TryParse(identifier, out var arn) || arn.Service != "bedrock" || arn.Region != region)
        {
            throw new RequestRejected(AwsError.InvalidModel());
        }

        switch (arn.ResourceType)
        {
            case "foundation-model" when arn.Account.Length == 0:
                var model = f.FindModel(arn.ResourceId) ?? throw new RequestRejected(AwsError.InvalidModel());
                return ResolveFoundation(f, model, region, principal, action, checkOnDemand);
            case "inference-profile" when arn.Account == f.AccountId:
                var profile = f.FindProfile(arn.ResourceId) ?? throw new RequestRejected(AwsError.InvalidModel());
                return ResolveSystemProfile(f, profile, region, principal, action);
            case "application-inference-profile" when arn.Account == f.AccountId:
                var app = f.FindApplicationProfile(identifier) ?? throw new RequestRejected(AwsError.InvalidModel());
                Deny(PolicyEvaluator.Check(principal, action, region, identifier, arn.ResourceId));
                var targetModel = f.FindModel(app.Target);
                if (targetModel is not null)
                {
                    // An application profile copying a foundation model serves in its own Region only.
                    return ResolveFoundation(f, targetModel, region, principal, action, checkOnDemand: false);
                }

                return ResolveSystemProfile(f, f.FindProfile(app.Target)!, region, principal, action);
            default:
                throw new RequestRejected(AwsError.InvalidModel());
        }
    }

    private static Resolution ResolveFoundation(EmulatorFixture f, FixtureModel model, string region, Principal principal, string action, bool checkOnDemand)
    {
        if (!model.Regions.Contains(region))
        {
            throw new RequestRejected(AwsError.InvalidModel());
        }

        if (checkOnDemand && model.ProfileOnly)
        {
            throw RequestRejected.Validation(
                $"Invocation of model ID {model.Id} with on-demand throughput isn\u2019t supported. Retry your request with the ID or ARN of an inference profile that contains this model.");
        }

        Deny(PolicyEvaluator.Check(principal, action, region, PolicyEvaluator.FoundationModelArn(region, model.Id), model.Id));
        return new Resolution(model, region);
    }

    private static Resolution ResolveSystemProfile(EmulatorFixture f, FixtureInferenceProfile profile, string region, Principal principal, string action)
    {
        if (!profile.DestinationRegions.Contains(region))
        {
            throw new RequestRejected(AwsError.InvalidModel());
        }

        var model = f.FindModel(profile.ModelId) ?? throw new RequestRejected(AwsError.InvalidModel());
        Deny(PolicyEvaluator.Check(principal, action, region, PolicyEvaluator.ProfileArn(region, f.AccountId, profile.Id), profile.Id));

        // Strict like AWS: the caller needs the model in every destination the profile may route to.
        foreach (var destination in profile.DestinationRegions)
        {
            Deny(PolicyEvaluator.Check(principal, action, destination, PolicyEvaluator.FoundationModelArn(destination, model.Id), model.Id));
        }

        var served = profile.DestinationRegions.Contains(region) ? region : profile.DestinationRegions[0];
        return new Resolution(model, served);
    }

    private static void Deny(AwsError? error)
    {
        if (error is not null)
        {
            throw new RequestRejected(error);
        }
    }
}
