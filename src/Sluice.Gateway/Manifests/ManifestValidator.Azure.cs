using System.Text.RegularExpressions;
using Sluice.AzureOpenAI.Client;

namespace Sluice.Gateway.Manifests;

/// <summary>The rules of Azure OpenAI accounts beyond the common ones of HTTP providers.</summary>
public static partial class ManifestValidator
{
    private static void ValidateAzureAccount(ProviderAccountDocument account, List<ValidationProblem> problems)
    {
        if (account.ApiVersion is { } version && !AzureApiVersion.IsWellFormed(version))
        {
            problems.Add(new ValidationProblem("api_version",
                $"\"{version}\" is not an Azure OpenAI API version: a date, optionally with -preview, e.g. {AzureApiVersion.Default} or 2025-04-01-preview"));
        }

        if (account.BaseUrl is { } baseUrl && Uri.TryCreate(baseUrl, UriKind.Absolute, out _) && AzureResource.Normalize(baseUrl, out var problem) is null)
        {
            problems.Add(new ValidationProblem("base_url", problem!));
        }

        if (account.Auth is { Type: ManifestTypes.AzureClientSecretAuth, TenantId: { Length: > 0 } tenant } && !TenantId().IsMatch(tenant))
        {
            problems.Add(new ValidationProblem("auth_data.tenant_id",
                $"\"{tenant}\" is not a tenant ID: the Directory (tenant) ID (a GUID) or the tenant's domain, e.g. contoso.onmicrosoft.com"));
        }
    }

    // What Entra accepts in the authority path (and what keeps the token URL a plain path segment).
    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9.-]{0,253}$")]
    private static partial Regex TenantId();
}
