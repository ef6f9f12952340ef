namespace Sluice.Gateway.Manifests;

/// <summary>The rules of the provider kinds that speak HTTP APIs with keys (everything but Bedrock).</summary>
public static partial class ManifestValidator
{
    /// <summary>Checks an OpenAI, Anthropic, Azure OpenAI or OpenAI-compatible account's own keys.</summary>
    private static void ValidateHttpAccount(ProviderAccountDocument account, ProviderKind kind, List<ValidationProblem> problems)
    {
        CheckNotFor(kind, account.Region.Length == 0 ? null : account.Region, "region", problems);
        CheckNotFor(kind, account.EndpointUrl, "endpoint_url", problems);
        CheckNotFor(kind, account.StsEndpointUrl, "sts_endpoint_url", problems);
        if (kind != ProviderKinds.AzureOpenAi) CheckNotFor(kind, account.ApiVersion, "api_version", problems);
        if (kind != ProviderKinds.OpenAi)
        {
            CheckNotFor(kind, account.Organization, "organization", problems);
            CheckNotFor(kind, account.Project, "project", problems);
        }

        if (account.BaseUrl is null && kind.RequiresBaseUrl)
        {
            problems.Add(new ValidationProblem("base_url", $"base_url is required for {kind.DisplayName} accounts: the server's address, e.g. https://example.com/v1"));
        }

        CheckUrl(account.BaseUrl, "base_url", problems);
        if (account.Headers is { } headers)
        {
            foreach (var name in headers.Keys)
            {
                if (name.Length == 0 || name.Any(c => c <= ' ' || c >= 127 || c == ':'))
                {
                    problems.Add(new ValidationProblem("headers." + name, $"\"{name}\" is not a valid HTTP header name"));
                }
            }
        }

        CheckHttpAuth(account.Auth, kind, problems);
        if (kind == ProviderKinds.AzureOpenAi) ValidateAzureAccount(account, problems);
    }

    private static void CheckHttpAuth(AuthData? auth, ProviderKind kind, List<ValidationProblem> problems)
    {
        var expected = string.Join(" or ", kind.AuthTypes);
        if (auth is null)
        {
            if (!kind.AuthOptional)
            {
                problems.Add(new ValidationProblem("auth_data", $"auth_data is required for {kind.DisplayName} accounts: {expected}"));
            }

            return;
        }

        if (!kind.AuthTypes.Contains(auth.Type))
        {
            problems.Add(new ValidationProblem("auth_data.type", $"unknown auth type \"{auth.Type}\" for {kind.DisplayName}; expected {expected}"));
            return;
        }

        Forbid(auth.AccessKeyId, "auth_data.access_key_id", auth.Type, problems);
        Forbid(auth.SecretAccessKey, "auth_data.secret_access_key", auth.Type, problems);
        Forbid(auth.SessionToken, "auth_data.session_token", auth.Type, problems);
        Forbid(auth.AssumedRoleArn, "auth_data.assumed_role_arn", auth.Type, problems);
        Forbid(auth.ExternalId, "auth_data.external_id", auth.Type, problems);
        if (auth.Type == ManifestTypes.AzureClientSecretAuth)
        {
            Require(auth.TenantId, "auth_data.tenant_id", "tenant_id is required for azure-client-secret auth (the directory ID of the app registration)", problems);
            Require(auth.ClientId, "auth_data.client_id", "client_id is required for azure-client-secret auth (the application ID)", problems);
            Require(auth.ClientSecret, "auth_data.client_secret", "client_secret is required for azure-client-secret auth", problems);
            Forbid(auth.ApiKey, "auth_data.api_key", auth.Type, problems);
        }
        else
        {
            Require(auth.ApiKey, "auth_data.api_key", $"api_key is required for {auth.Type} auth", problems);
            Forbid(auth.TenantId, "auth_data.tenant_id", auth.Type, problems);
            Forbid(auth.ClientId, "auth_data.client_id", auth.Type, problems);
            Forbid(auth.ClientSecret, "auth_data.client_secret", auth.Type, problems);
        }
    }

    /// <summary>A model of a non-Bedrock account: its ID is the provider's model (or Azure deployment) name.</summary>
    private static void ValidateHttpIntegration(IntegrationDocument model, ProviderKind kind, string path, List<ValidationProblem> problems)
    {
        if (!ModelName().IsMatch(model.Name))
        {
            problems.Add(new ValidationProblem(path + "name", model.Name.Length == 0
                ? "name is required"
                : $"\"{model.Name}\" is not a valid model name: start with a letter, then up to 61 letters, digits, '-', '.' or '_', ending with a letter or digit"));
        }

        if (model.Type != kind.ModelType)
        {
            problems.Add(new ValidationProblem(path + "type", $"unknown model type \"{model.Type}\" in a {kind.DisplayName} account; expected {kind.ModelType}"));
        }

        if (model.ModelId.Length == 0)
        {
            problems.Add(new ValidationProblem(path + "model_id", kind == ProviderKinds.AzureOpenAi
                ? "model_id is required: the deployment name in Azure"
                : $"model_id is required: the model's name at {kind.DisplayName}"));
        }
        else if (model.ModelId.Length > MaxModelIdLength)
        {
            problems.Add(new ValidationProblem(path + "model_id", $"model_id is longer than {MaxModelIdLength} characters"));
        }

        CheckNotFor(kind, model.Region, path + "region", problems);
        CheckNotFor(kind, model.PromptCaching, path + "prompt_caching", problems);
        CheckCommonIntegration(model, path, problems);
    }

    private static void CheckNotFor(ProviderKind kind, object? value, string path, List<ValidationProblem> problems)
    {
        if (value is not null)
        {
            problems.Add(new ValidationProblem(path, $"{path[(path.LastIndexOf('.') + 1)..]} does not apply to {kind.DisplayName} accounts"));
        }
    }
}
