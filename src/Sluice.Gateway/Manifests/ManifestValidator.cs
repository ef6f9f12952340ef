using System.Text.RegularExpressions;
using Sluice.Bedrock.Catalogue;
using Sluice.Bedrock.Models;

namespace Sluice.Gateway.Manifests;

/// <summary>
/// Checks documents against the manifest rules and reports every problem at once, each with its field path.
/// Run it after stored secrets have been merged in, so a re-applied document without secrets is still complete.
/// </summary>
public static partial class ManifestValidator
{
    private const int MaxModelIdLength = 256;

    [GeneratedRegex("^[a-z][a-z0-9-]{1,30}[a-z0-9]$")]
    private static partial Regex AccountName();

    [GeneratedRegex(@"^[a-zA-Z](?:[a-zA-Z0-9\-._]{0,60}[a-zA-Z0-9])$")]
    private static partial Regex ModelName();

    [GeneratedRegex(@"^arn:aws(-[a-z]+)*:iam::\d{12}:role/[\w+=,.@/-]{1,512}$")]
    private static partial Regex RoleArn();

    [GeneratedRegex(@"^[^@\s]+@[^@\s]+$")]
    private static partial Regex Email();

    public static void Validate(ManifestDocument document, List<ValidationProblem> problems)
    {
        switch (document)
        {
            case ProviderAccountDocument account:
                ValidateAccount(account, problems);
                break;
            case VirtualModelGroupDocument group:
                VirtualModelValidator.Validate(group, problems);
                break;
            case LoadBalancingConfigDocument rules:
                VirtualModelValidator.ValidateRules(rules, problems);
                break;
            case GatewayModelAliasesDocument aliases:
                ValidateAliases(aliases, problems);
                break;
            case GlobalSettingsDocument settings:
                if (settings.RetrySettings is { } retry) VirtualModelValidator.CheckRetry(retry, "retry_settings.", problems);
                if (settings.LoggingSettings is { Type: not (LoggingSettingsDocument.HeaderControlled or LoggingSettingsDocument.Always or LoggingSettingsDocument.Never) } logging)
                {
                    problems.Add(new ValidationProblem("logging_settings.type",
                        $"unknown logging type \"{logging.Type}\"; expected header_controlled, always or never", DidYouMean.Nearest(logging.Type,
                            [LoggingSettingsDocument.HeaderControlled, LoggingSettingsDocument.Always, LoggingSettingsDocument.Never])));
                }

                break;
            case RateLimitingConfigDocument rateLimits:
                LimitValidator.Validate(rateLimits, problems);
                break;
            case BudgetConfigDocument budgets:
                LimitValidator.Validate(budgets, problems);
                break;
            case RateLimitDocument rateLimit:
                LimitValidator.Validate(rateLimit, problems);
                break;
            case BudgetDocument budget:
                LimitValidator.Validate(budget, problems);
                break;
            case UserDocument user:
                if (!IsUserName(user.Name))
                {
                    problems.Add(new ValidationProblem("name", $"\"{user.Name}\" is not an email address (or 'admin')"));
                }

                break;
            case TeamDocument team:
                CheckName(team.Name, "name", "team", problems);
                if (team.Name == Sluice.Core.Access.Subject.EveryoneTeamName)
                {
                    problems.Add(new ValidationProblem("name", "'everyone' is built in and always holds every active user; it cannot be defined"));
                }

                for (var i = 0; i < team.Members.Count; i++)
                {
                    if (!IsUserName(team.Members[i]))
                    {
                        problems.Add(new ValidationProblem($"members[{i}]", $"\"{team.Members[i]}\" is not an email address"));
                    }
                }

                for (var i = 0; i < team.Managers.Count; i++)
                {
                    if (!IsUserName(team.Managers[i]))
                    {
                        problems.Add(new ValidationProblem($"managers[{i}]", $"\"{team.Managers[i]}\" is not an email address"));
                    }
                }

                break;
            case VirtualAccountDocument va:
                CheckName(va.Name, "name", "virtual account", problems);
                for (var i = 0; i < va.Permissions.Count; i++)
                {
                    var p = va.Permissions[i];
                    if (p.ResourceFqn.Length == 0)
                    {
                        problems.Add(new ValidationProblem($"permissions[{i}].resource_fqn", "resource_fqn is required (an account, or account/model)"));
                    }

                    CheckRole(p.RoleId, $"permissions[{i}].role_id", problems);
                }

                break;
        }
    }

    public static void ValidateAliases(GatewayModelAliasesDocument document, List<ValidationProblem> problems)
    {
        CheckName(document.Name, "name", "gateway-model-aliases", problems);
        var owners = new Dictionary<string, (string, string)>(StringComparer.Ordinal);
        for (var i = 0; i < document.Aliases.Count; i++)
        {
            var alias = document.Aliases[i];
            var path = $"aliases[{i}].";
            ModelAliasRules.CheckName(alias.Name, path + "name", problems);
            if (alias.Model.Length == 0)
            {
                problems.Add(new ValidationProblem(path + "model", "model is required: the account/model (or group/name of a virtual model) the alias stands for"));
            }
            else if (alias.Model.Split('/') is not [{ Length: > 0 }, { Length: > 0 }])
            {
                problems.Add(new ValidationProblem(path + "model", $"\"{alias.Model}\" is not a model name: use account/model, or group/name for a virtual model"));
            }
            else
            {
                ModelAliasRules.Claim(owners, alias.Name, alias.Model, $"aliases[{i}]", path + "name", problems);
            }
        }
    }

    public static void ValidateAccount(ProviderAccountDocument account, List<ValidationProblem> problems)
    {
        var kind = ProviderKinds.Of(account);
        CheckName(account.Name, "name", "account", problems);
        if (kind == ProviderKinds.Bedrock)
        {
            CheckRegion(account.Region, "region", required: true, problems);
            CheckAuth(account.Auth, problems);
            CheckUrl(account.EndpointUrl, "endpoint_url", problems);
            CheckUrl(account.StsEndpointUrl, "sts_endpoint_url", problems);
            CheckNotFor(kind, account.BaseUrl, "base_url", problems);
            CheckNotFor(kind, account.ApiVersion, "api_version", problems);
            CheckNotFor(kind, account.Organization, "organization", problems);
            CheckNotFor(kind, account.Project, "project", problems);
            CheckNotFor(kind, account.Headers, "headers", problems);
        }
        else
        {
            ValidateHttpAccount(account, kind, problems);
        }

        if (account.Collaborators is { } collaborators)
        {
            for (var i = 0; i < collaborators.Count; i++)
            {
                CheckSubject(collaborators[i].Subject, $"collaborators[{i}].subject", problems);
                CheckRole(collaborators[i].RoleId, $"collaborators[{i}].role_id", problems);
            }
        }

        if (account.Integrations is { } integrations)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            var aliases = new Dictionary<string, (string, string)>(StringComparer.Ordinal);
            for (var i = 0; i < integrations.Count; i++)
            {
                var path = $"integrations[{i}].";
                if (integrations[i].Name.Length > 0 && !seen.Add(integrations[i].Name))
                {
                    problems.Add(new ValidationProblem(path + "name", $"model name \"{integrations[i].Name}\" is used twice in this account"));
                }

                if (kind == ProviderKinds.Bedrock)
                {
                    ValidateIntegration(integrations[i], account.Region, path, problems);
                }
                else
                {
                    ValidateHttpIntegration(integrations[i], kind, path, problems);
                }

                var target = account.Name + "/" + integrations[i].Name;
                var declared = integrations[i].Aliases ?? [];
                for (var j = 0; j < declared.Count; j++)
                {
                    ModelAliasRules.Claim(aliases, declared[j], target, $"integrations[{i}]", $"{path}aliases[{j}]", problems);
                }
            }
        }
    }

    public static void ValidateIntegration(IntegrationDocument model, string accountRegion, string path, List<ValidationProblem> problems)
    {
        if (!ModelName().IsMatch(model.Name))
        {
            problems.Add(new ValidationProblem(path + "name", model.Name.Length == 0
                ? "name is required"
                : $"\"{model.Name}\" is not a valid model name: start with a letter, then up to 61 letters, digits, '-', '.' or '_', ending with a letter or digit"));
        }

        if (model.Type != ManifestTypes.BedrockModel)
        {
            problems.Add(new ValidationProblem(path + "type", $"unknown model type \"{model.Type}\"; expected {ManifestTypes.BedrockModel}"));
        }

        if (model.ModelId.Length == 0)
        {
            problems.Add(new ValidationProblem(path + "model_id", "model_id is required: a model ID, inference profile ID or inference profile ARN"));
        }
        else if (model.ModelId.Length > MaxModelIdLength)
        {
            problems.Add(new ValidationProblem(path + "model_id", $"model_id is longer than {MaxModelIdLength} characters"));
        }
        else if (!BedrockModelIdentifier.TryParse(model.ModelId, out _, out var error))
        {
            problems.Add(new ValidationProblem(path + "model_id", error ?? "not a valid model ID, profile ID or ARN"));
        }

        var regionKnown = CheckRegion(model.Region, path + "region", required: false, problems);
        if (model.PromptCaching is not (null or "auto" or "explicit" or "off"))
        {
            problems.Add(new ValidationProblem(path + "prompt_caching", $"unknown prompt_caching \"{model.PromptCaching}\"; expected auto, explicit or off"));
        }

        CheckCommonIntegration(model, path, problems);

        var region = string.IsNullOrEmpty(model.Region) ? accountRegion : model.Region;
        if (model.ModelId.Length > 0 && regionKnown && BedrockRegions.IsKnown(region) &&
            BedrockCatalogue.ProfileOnlyAdvice(model.ModelId, region) is { } advice)
        {
            problems.Add(new ValidationProblem(path + "model_id", advice.Message, advice.SuggestedProfileIds.Count > 0 ? advice.SuggestedProfileIds[0] : null));
        }
    }

    /// <summary>The keys every kind of model has: model types, aliases, private cost, authorized subjects.</summary>
    private static void CheckCommonIntegration(IntegrationDocument model, string path, List<ValidationProblem> problems)
    {
        var types = model.ModelTypes;
        if (types.Count == 0)
        {
            problems.Add(new ValidationProblem(path + "model_types", "model_types needs at least one of chat, embedding, image"));
        }

        for (var i = 0; i < types.Count; i++)
        {
            if (types[i] is not ("chat" or "embedding" or "image"))
            {
                problems.Add(new ValidationProblem($"{path}model_types[{i}]", $"unknown model type \"{types[i]}\"; expected chat, embedding or image"));
            }
        }

        if (model.Aliases is { } aliases)
        {
            for (var i = 0; i < aliases.Count; i++)
            {
                ModelAliasRules.CheckName(aliases[i], $"{path}aliases[{i}]", problems);
            }
        }

        if (model.Cost?.Per1000Tokens is { } cost)
        {
            CheckCost(cost.Input, path + "cost.per_1000_tokens.input", problems);
            CheckCost(cost.Output, path + "cost.per_1000_tokens.output", problems);
            CheckCost(cost.CacheRead, path + "cost.per_1000_tokens.cache_read", problems);
            CheckCost(cost.CacheWrite, path + "cost.per_1000_tokens.cache_write", problems);
        }

        CheckCost(model.Cost?.PerImage ?? 0, path + "cost.per_image", problems);
        CheckCost(model.Cost?.PerRequest ?? 0, path + "cost.per_request", problems);

        if (model.AuthorizedSubjects is { } subjects)
        {
            for (var i = 0; i < subjects.Count; i++)
            {
                CheckSubject(subjects[i], $"{path}authorized_subjects[{i}]", problems);
            }
        }
    }

    private static void CheckName(string name, string path, string what, List<ValidationProblem> problems)
    {
        if (!AccountName().IsMatch(name))
        {
            problems.Add(new ValidationProblem(path, name.Length == 0
                ? "name is required"
                : $"\"{name}\" is not a valid {what} name: 3-32 lowercase letters, digits or '-', starting with a letter and not ending with '-'"));
        }
    }

    private static bool CheckRegion(string? region, string path, bool required, List<ValidationProblem> problems)
    {
        if (string.IsNullOrEmpty(region))
        {
            if (required)
            {
                problems.Add(new ValidationProblem(path, "region is required, e.g. us-east-1"));
            }

            return !required;
        }

        if (BedrockRegions.IsKnown(region))
        {
            return true;
        }

        var nearest = BedrockRegions.Nearest(region);
        problems.Add(new ValidationProblem(path, $"unknown region \"{region}\"" + (nearest is null ? "" : $"; did you mean \"{nearest}\"?"), nearest));
        return false;
    }

    private static void CheckAuth(AuthData? auth, List<ValidationProblem> problems)
    {
        if (auth is null)
        {
            problems.Add(new ValidationProblem("auth_data", "auth_data is required: one of access-key-based, assumed-role-based or api-key"));
            return;
        }

        Forbid(auth.TenantId, "auth_data.tenant_id", auth.Type, problems);
        Forbid(auth.ClientId, "auth_data.client_id", auth.Type, problems);
        Forbid(auth.ClientSecret, "auth_data.client_secret", auth.Type, problems);
        switch (auth.Type)
        {
            case ManifestTypes.AccessKeyAuth:
                Require(auth.AccessKeyId, "auth_data.access_key_id", "access_key_id is required for access-key-based auth", problems);
                Require(auth.SecretAccessKey, "auth_data.secret_access_key", "secret_access_key is required for access-key-based auth", problems);
                Forbid(auth.AssumedRoleArn, "auth_data.assumed_role_arn", auth.Type, problems);
                Forbid(auth.ExternalId, "auth_data.external_id", auth.Type, problems);
                Forbid(auth.ApiKey, "auth_data.api_key", auth.Type, problems);
                break;
            case ManifestTypes.AssumedRoleAuth:
                if (string.IsNullOrEmpty(auth.AssumedRoleArn))
                {
                    problems.Add(new ValidationProblem("auth_data.assumed_role_arn", "assumed_role_arn is required for assumed-role-based auth"));
                }
                else if (!RoleArn().IsMatch(auth.AssumedRoleArn))
                {
                    problems.Add(new ValidationProblem("auth_data.assumed_role_arn", $"\"{auth.AssumedRoleArn}\" is not an IAM role ARN (arn:aws:iam::123456789012:role/name)"));
                }

                Forbid(auth.AccessKeyId, "auth_data.access_key_id", auth.Type, problems);
                Forbid(auth.SecretAccessKey, "auth_data.secret_access_key", auth.Type, problems);
                Forbid(auth.SessionToken, "auth_data.session_token", auth.Type, problems);
                Forbid(auth.ApiKey, "auth_data.api_key", auth.Type, problems);
                break;
            case ManifestTypes.ApiKeyAuth:
                Require(auth.ApiKey, "auth_data.api_key", "api_key is required for api-key auth", problems);
                Forbid(auth.AccessKeyId, "auth_data.access_key_id", auth.Type, problems);
                Forbid(auth.SecretAccessKey, "auth_data.secret_access_key", auth.Type, problems);
                Forbid(auth.SessionToken, "auth_data.session_token", auth.Type, problems);
                Forbid(auth.AssumedRoleArn, "auth_data.assumed_role_arn", auth.Type, problems);
                Forbid(auth.ExternalId, "auth_data.external_id", auth.Type, problems);
                break;
            default:
                problems.Add(new ValidationProblem("auth_data.type", $"unknown auth type \"{auth.Type}\"; expected access-key-based, assumed-role-based or api-key"));
                break;
        }
    }

    private static void Require(string? value, string path, string message, List<ValidationProblem> problems)
    {
        if (string.IsNullOrEmpty(value))
        {
            problems.Add(new ValidationProblem(path, message));
        }
    }

    private static void Forbid(string? value, string path, string type, List<ValidationProblem> problems)
    {
        if (value is not null)
        {
            problems.Add(new ValidationProblem(path, $"use exactly one auth form: {path["auth_data.".Length..]} does not belong to {type} auth"));
        }
    }

    private static void CheckUrl(string? url, string path, List<ValidationProblem> problems)
    {
        if (url is null)
        {
            return;
        }

        var probe = url.Replace("{region}", "us-east-1", StringComparison.Ordinal);
        if (!Uri.TryCreate(probe, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            problems.Add(new ValidationProblem(path, $"\"{url}\" is not an http(s) URL"));
        }
    }

    private static void CheckSubject(string subject, string path, List<ValidationProblem> problems)
    {
        // Core's parser is the one definition of a subject (also used when the access rules are built).
        if (!Sluice.Core.Access.Subject.TryParse(subject, out _, out var error))
        {
            problems.Add(new ValidationProblem(path, error));
        }
    }

    private static void CheckRole(string role, string path, List<ValidationProblem> problems)
    {
        if (role is not (ManifestTypes.AccountManagerRole or ManifestTypes.AccountAccessRole))
        {
            problems.Add(new ValidationProblem(path, $"unknown role \"{role}\"; expected provider-account-manager or provider-account-access"));
        }
    }

    private static void CheckCost(decimal value, string path, List<ValidationProblem> problems)
    {
        if (value < 0)
        {
            problems.Add(new ValidationProblem(path, "cost cannot be negative"));
        }
    }

    private static bool IsUserName(string name) => name == "admin" || Email().IsMatch(name);
}
