using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Sluice.Gateway.Manifests;

/// <summary>
/// Reads manifest documents (already turned into JSON nodes) into typed documents, collecting every shape problem
/// (missing field, wrong type, unknown key) with its path instead of stopping at the first. Unknown keys are refused
/// (see <see cref="ManifestKeys"/>) except the TrueFoundry keys the records declare, so a typo is never read as "absent".
/// </summary>
public static class ManifestReader
{
    /// <summary>Reads one document; <paramref name="defaultType"/> is used when the document has no <c>type</c>.</summary>
    public static ManifestDocument? ReadDocument(JsonNode? node, List<ValidationProblem> problems, string? defaultType = null)
    {
        if (node is not JsonObject obj)
        {
            problems.Add(new ValidationProblem("", "a document must be an object with 'type' and 'name'"));
            return null;
        }

        var type = String(obj, "type", "", problems) ?? defaultType;
        var name = String(obj, "name", "", problems);
        if (type is null)
        {
            problems.Add(new ValidationProblem("type", "'type' is required (provider-account/aws-bedrock, user, team or virtual-account)"));
            return null;
        }

        if (name is null)
        {
            problems.Add(new ValidationProblem("name", "'name' is required"));
            name = "";
        }

        ManifestDocument? document = type switch
        {
            _ when ProviderKinds.IsAccountType(type) => AccountFrom(obj, name, type, problems),
            ManifestTypes.VirtualModelGroup => VirtualModelReader.GroupFrom(obj, name, problems),
            ManifestTypes.LoadBalancingConfig => VirtualModelReader.RulesFrom(obj, name, problems),
            ManifestTypes.GatewayModelAliases => AliasesFrom(obj, name, problems),
            ManifestTypes.GlobalSettings => new GlobalSettingsDocument(name)
            {
                RetrySettings = VirtualModelReader.RetryFrom(obj, "retry_settings", "", problems),
                LoggingSettings = LoggingSettingsFrom(obj, problems),
            },
            ManifestTypes.User => new UserDocument(name),
            ManifestTypes.Team => new TeamDocument(name, Strings(obj, "members", "", problems) ?? []) { Managers = Strings(obj, "managers", "", problems) ?? [] },
            ManifestTypes.VirtualAccount => new VirtualAccountDocument(name, ReadPermissions(obj, problems)),
            ManifestTypes.RateLimitingConfig => LimitReader.RateLimitsFrom(obj, name, problems),
            ManifestTypes.BudgetConfig => LimitReader.BudgetsFrom(obj, name, problems),
            ManifestTypes.RateLimitV2 => LimitReader.RateLimitFrom(obj, name, problems),
            ManifestTypes.TenantBudget or ManifestTypes.TeamBudget => LimitReader.BudgetFrom(obj, name, type, problems),
            _ => null,
        };
        if (document is null)
        {
            var nearest = DidYouMean.Nearest(type, ManifestTypes.Documents.Keys);
            problems.Add(new ValidationProblem("type", $"unknown type \"{type}\"" + (nearest is null
                ? $"; expected one of {string.Join(", ", ManifestTypes.Documents.Keys)}"
                : $"; did you mean \"{nearest}\"?"), nearest));
            return null;
        }

        // The record that was read defines the keys, so a document type added above is checked without more wiring.
        ManifestKeys.Check(document.GetType(), obj, "", problems);
        return document;
    }

    /// <summary>Reads an account body (admin API); unknown keys are problems.</summary>
    public static ProviderAccountDocument ReadAccount(JsonObject obj, string name, List<ValidationProblem> problems) =>
        ReadAccount(obj, name, ManifestTypes.BedrockAccount, problems);

    /// <summary>Reads an account body of the given kind (admin API); unknown keys are problems.</summary>
    public static ProviderAccountDocument ReadAccount(JsonObject obj, string name, string accountType, List<ValidationProblem> problems)
    {
        ManifestKeys.Check(typeof(ProviderAccountDocument), obj, "", problems);
        return AccountFrom(obj, name, accountType, problems);
    }

    /// <summary>Reads one model body; <paramref name="path"/> prefixes problem paths (e.g. <c>integrations[2].</c>).</summary>
    public static IntegrationDocument ReadIntegration(JsonObject m, string path, List<ValidationProblem> problems) =>
        ReadIntegration(m, path, ManifestTypes.BedrockModel, problems);

    /// <summary>As above, for a model of an account whose models default to <paramref name="defaultModelType"/>.</summary>
    public static IntegrationDocument ReadIntegration(JsonObject m, string path, string defaultModelType, List<ValidationProblem> problems)
    {
        ManifestKeys.Check(typeof(IntegrationDocument), m, path, problems);
        return IntegrationFrom(m, path, defaultModelType, problems);
    }

    internal static List<CollaboratorDocument>? ReadCollaborators(JsonObject obj, List<ValidationProblem> problems)
    {
        if (Array(obj, "collaborators", "", problems) is not { } collabArray)
        {
            return null;
        }

        var collaborators = new List<CollaboratorDocument>();
        for (var i = 0; i < collabArray.Count; i++)
        {
            var path = $"collaborators[{i}]";
            if (collabArray[i] is not JsonObject c)
            {
                problems.Add(new ValidationProblem(path, "a collaborator must be an object with subject and role_id"));
                continue;
            }

            collaborators.Add(new CollaboratorDocument(
                String(c, "subject", path + ".", problems) ?? "",
                String(c, "role_id", path + ".", problems) ?? ""));
        }

        return collaborators;
    }

    private static ProviderAccountDocument AccountFrom(JsonObject obj, string name, string accountType, List<ValidationProblem> problems)
    {
        var modelType = ProviderKinds.ByAccountType.TryGetValue(accountType, out var kind) ? kind.ModelType : ManifestTypes.BedrockModel;
        AuthData? auth = null;
        if (obj["auth_data"] is JsonObject authObj)
        {
            auth = ReadAuth(authObj, problems);
        }
        else if (obj["auth_data"] is not null)
        {
            problems.Add(new ValidationProblem("auth_data", "auth_data must be an object"));
        }

        var collaborators = ReadCollaborators(obj, problems);

        List<IntegrationDocument>? integrations = null;
        if (Array(obj, "integrations", "", problems) is { } intArray)
        {
            integrations = [];
            for (var i = 0; i < intArray.Count; i++)
            {
                var path = $"integrations[{i}].";
                if (intArray[i] is not JsonObject m)
                {
                    problems.Add(new ValidationProblem($"integrations[{i}]", "a model must be an object"));
                    continue;
                }

                integrations.Add(IntegrationFrom(m, path, modelType, problems));
            }
        }

        var account = new ProviderAccountDocument(name)
        {
            AccountType = accountType,
            Region = String(obj, "region", "", problems) ?? "",
            Auth = auth,
            EndpointUrl = String(obj, "endpoint_url", "", problems),
            StsEndpointUrl = String(obj, "sts_endpoint_url", "", problems),
            BaseUrl = String(obj, "base_url", "", problems),
            ApiVersion = String(obj, "api_version", "", problems),
            Organization = String(obj, "organization", "", problems),
            Project = String(obj, "project", "", problems),
            Headers = VirtualModelReader.StringMap(obj, "headers", "", problems),
            Collaborators = collaborators,
            Integrations = integrations,
        };
        return TrueFoundryModelServer.Apply(account, obj, problems);
    }

    private static IntegrationDocument IntegrationFrom(JsonObject m, string path, string defaultModelType, List<ValidationProblem> problems)
    {
        ModelCost? cost = null;
        if (m["cost"] is JsonObject costObj)
        {
            TokenCost? tokens = null;
            if (costObj["per_1000_tokens"] is JsonObject per)
            {
                var p = path + "cost.per_1000_tokens.";
                tokens = new TokenCost(
                    Number(per, "input", p, problems) ?? 0,
                    Number(per, "output", p, problems) ?? 0,
                    Number(per, "cache_read", p, problems) ?? 0,
                    Number(per, "cache_write", p, problems) ?? 0);
            }

            var perImage = Number(costObj, "per_image", path + "cost.", problems);
            var perRequest = Number(costObj, "per_request", path + "cost.", problems);
            if (tokens is not null || perImage is not null || perRequest is not null)
            {
                cost = new ModelCost { Per1000Tokens = tokens, PerImage = perImage, PerRequest = perRequest };
            }
            else if (!IsPublicCost(costObj))
            {
                problems.Add(new ValidationProblem(path + "cost.per_1000_tokens", "cost needs per_1000_tokens: {input, output, cache_read, cache_write}, per_image or per_request"));
            }
        }
        else if (m["cost"] is not null)
        {
            problems.Add(new ValidationProblem(path + "cost", "cost must be an object"));
        }

        var doc = new IntegrationDocument(String(m, "name", path, problems) ?? "")
        {
            Type = String(m, "type", path, problems) ?? defaultModelType,
            ModelId = String(m, "model_id", path, problems) ?? "",
            Region = String(m, "region", path, problems),
            Cost = cost,
            AuthorizedSubjects = Strings(m, "authorized_subjects", path, problems),
            DropParams = Bool(m, "drop_params", path, problems) ?? false,
            PromptCaching = String(m, "prompt_caching", path, problems),
            Aliases = Strings(m, "aliases", path, problems),
        };
        return Strings(m, "model_types", path, problems) is { } types ? doc with { ModelTypes = types } : doc;
    }

    private static GatewayModelAliasesDocument AliasesFrom(JsonObject obj, string name, List<ValidationProblem> problems)
    {
        var aliases = new List<ModelAliasDocument>();
        if (Array(obj, "aliases", "", problems) is { } array)
        {
            for (var i = 0; i < array.Count; i++)
            {
                var path = $"aliases[{i}].";
                if (array[i] is not JsonObject a)
                {
                    problems.Add(new ValidationProblem($"aliases[{i}]", "an alias must be an object with name and model"));
                    continue;
                }

                aliases.Add(new ModelAliasDocument(String(a, "name", path, problems) ?? "", String(a, "model", path, problems) ?? ""));
            }
        }

        return new GatewayModelAliasesDocument(name) { Aliases = aliases };
    }

    // TrueFoundry writes `cost: {metric: public_cost}` for "no private cost": the catalogue's public price applies.
    private static bool IsPublicCost(JsonObject cost) =>
        cost["per_1000_tokens"] is null && cost["metric"] is JsonValue metric && metric.TryGetValue<string>(out var value) && value == "public_cost";

    private static AuthData ReadAuth(JsonObject a, List<ValidationProblem> problems)
    {
        const string p = "auth_data.";
        return new AuthData(String(a, "type", p, problems) ?? "")
        {
            AccessKeyId = String(a, "access_key_id", p, problems),
            SecretAccessKey = String(a, "secret_access_key", p, problems),
            SessionToken = String(a, "session_token", p, problems),
            AssumedRoleArn = String(a, "assumed_role_arn", p, problems),
            ExternalId = String(a, "external_id", p, problems),
            // TrueFoundry's bearer-auth names the key bearer_token.
            ApiKey = String(a, "api_key", p, problems) ?? String(a, "bearer_token", p, problems),
            TenantId = String(a, "tenant_id", p, problems),
            ClientId = String(a, "client_id", p, problems),
            ClientSecret = String(a, "client_secret", p, problems),
        };
    }

    private static List<PermissionDocument> ReadPermissions(JsonObject obj, List<ValidationProblem> problems)
    {
        var result = new List<PermissionDocument>();
        if (Array(obj, "permissions", "", problems) is not { } array)
        {
            return result;
        }

        for (var i = 0; i < array.Count; i++)
        {
            var path = $"permissions[{i}].";
            if (array[i] is not JsonObject p)
            {
                problems.Add(new ValidationProblem($"permissions[{i}]", "a permission must be an object"));
                continue;
            }

            result.Add(new PermissionDocument(
                String(p, "resource_fqn", path, problems) ?? "",
                String(p, "resource_type", path, problems) ?? "provider-account",
                String(p, "role_id", path, problems) ?? ""));
        }

        return result;
    }

    private static LoggingSettingsDocument? LoggingSettingsFrom(JsonObject obj, List<ValidationProblem> problems)
    {
        switch (obj["logging_settings"])
        {
            case null:
                return null;
            case JsonObject settings:
                // Without a type the request decides, as under TrueFoundry's default (HEADER_CONTROLLED).
                var type = String(settings, "type", "logging_settings.", problems) ?? LoggingSettingsDocument.HeaderControlled;
                return new LoggingSettingsDocument(type) { LogBodyByDefault = Bool(settings, "log_body_by_default", "logging_settings.", problems) };
            default:
                problems.Add(new ValidationProblem("logging_settings", "logging_settings must be an object, e.g. {type: header_controlled, log_body_by_default: false}"));
                return null;
        }
    }

    internal static string? String(JsonObject obj, string field, string path, List<ValidationProblem> problems)
    {
        var node = obj[field];
        if (node is null)
        {
            return null;
        }

        if (node is JsonValue v)
        {
            if (v.TryGetValue<string>(out var s))
            {
                return s;
            }

            if (v.GetValueKind() is JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False)
            {
                // YAML turns unquoted 123 or true into scalars; a name or key id of digits is still meant as text.
                return v.ToJsonString().Trim('"');
            }
        }

        problems.Add(new ValidationProblem(path + field, $"{field} must be a string"));
        return null;
    }

    internal static bool? Bool(JsonObject obj, string field, string path, List<ValidationProblem> problems)
    {
        var node = obj[field];
        if (node is null)
        {
            return null;
        }

        if (node is JsonValue v)
        {
            switch (v.GetValueKind())
            {
                case JsonValueKind.True:
                    return true;
                case JsonValueKind.False:
                    return false;
                case JsonValueKind.String when v.TryGetValue<string>(out var s) && bool.TryParse(s, out var b):
                    // YAML readers may hand over a quoted "true"; it is still meant as the boolean.
                    return b;
            }
        }

        problems.Add(new ValidationProblem(path + field, $"{field} must be true or false"));
        return null;
    }

    internal static decimal? Number(JsonObject obj, string field, string path, List<ValidationProblem> problems)
    {
        var node = obj[field];
        if (node is null)
        {
            return null;
        }

        if (node is JsonValue v)
        {
            if (v.GetValueKind() == JsonValueKind.Number && v.TryGetValue<decimal>(out var d))
            {
                return d;
            }

            if (v.TryGetValue<string>(out var s) && decimal.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out d))
            {
                return d;
            }
        }

        problems.Add(new ValidationProblem(path + field, $"{field} must be a number"));
        return null;
    }

    internal static JsonArray? Array(JsonObject obj, string field, string path, List<ValidationProblem> problems)
    {
        var node = obj[field];
        if (node is null or JsonArray)
        {
            return (JsonArray?)node;
        }

        problems.Add(new ValidationProblem(path + field, $"{field} must be a list"));
        return null;
    }

    internal static List<string>? Strings(JsonObject obj, string field, string path, List<ValidationProblem> problems)
    {
        if (Array(obj, field, path, problems) is not { } array)
        {
            return null;
        }

        var result = new List<string>(array.Count);
        for (var i = 0; i < array.Count; i++)
        {
            if (array[i] is JsonValue v && v.TryGetValue<string>(out var s))
            {
                result.Add(s);
            }
            else
            {
                problems.Add(new ValidationProblem($"{path}{field}[{i}]", "must be a string"));
            }
        }

        return result;
    }
}
