using System.Globalization;
using System.Text.Json;
using Sluice.Core.Errors;

namespace Sluice.AzureOpenAI.Entra;

/// <summary>
/// Turns a failed Entra ID token request into a <see cref="GatewayError"/> that says which part of the account's
/// <c>auth_data</c> to fix. Entra names the cause with an AADSTS code in <c>error_codes</c> and at the start of
/// <c>error_description</c>; the description also carries trace and correlation IDs, kept for support requests.
/// </summary>
public static class EntraErrors
{
    /// <summary>The <c>code</c> of errors that no AADSTS code explains (network failures, unreadable answers).</summary>
    public const string TokenRequestFailed = "entra_token_request_failed";

    private const int MaxDescriptionChars = 600;

    /// <summary>Maps Entra's answer (<paramref name="status"/> and JSON <paramref name="body"/>) for <paramref name="credential"/>.</summary>
    public static GatewayError FromResponse(int status, ReadOnlySpan<byte> body, EntraClientSecret credential, TimeSpan? retryAfter)
    {
        var (error, description, code) = Read(body);
        var said = description is null ? $"HTTP {status}" : Trim(description);
        var aadsts = code is null ? null : "AADSTS" + code.Value.ToString(CultureInfo.InvariantCulture);
        var advice = code switch
        {
            7000215 => "The client secret is wrong: set auth_data.client_secret to the secret's Value (not its Secret ID) from Certificates & secrets of the app registration.",
            7000222 => "The client secret has expired: create a new one in Certificates & secrets of the app registration and re-apply the account with it.",
            700016 => $"No application with client_id {credential.ClientId} exists in tenant {credential.TenantId}: check auth_data.client_id (the Application (client) ID) and that the app is registered in that tenant.",
            90002 => $"Tenant {credential.TenantId} was not found: check auth_data.tenant_id (the Directory (tenant) ID of the app registration).",
            900023 => $"\"{credential.TenantId}\" is not a tenant ID: set auth_data.tenant_id to the Directory (tenant) ID, a GUID.",
            700027 or 7000218 => "Entra expected a client secret or certificate this account does not have: check auth_data.client_secret.",
            70011 or 500011 => "Entra refused the Azure OpenAI scope (https://cognitiveservices.azure.com/.default): the tenant has no Azure Cognitive Services service principal, or the cloud is not the public one.",
            53003 => "A Conditional Access policy of the tenant blocks this sign-in: ask the tenant's administrator to exclude the app registration.",
            _ => null,
        };

        if (status == 429 || status >= 500)
        {
            return new GatewayError(503, ErrorTypes.Server, aadsts ?? TokenRequestFailed,
                $"Microsoft Entra ID could not issue a token for the Azure OpenAI account right now ({said}).",
                Retryable: true, RetryAfter: retryAfter, Upstream: "entra");
        }

        if (error is null && description is null)
        {
            return new GatewayError(502, ErrorTypes.Upstream, TokenRequestFailed,
                $"The Entra ID token endpoint answered HTTP {status} with no OAuth error: check the authority host the gateway uses (AZURE_AUTHORITY_HOST).", Upstream: "entra");
        }

        var message = advice is null
            ? $"Microsoft Entra ID refused the account's credentials ({error ?? "HTTP " + status}): {said} Check auth_data.tenant_id, client_id and client_secret."
            : $"{advice} Entra ID said: {said}";
        return new GatewayError(502, ErrorTypes.Upstream, aadsts ?? error ?? TokenRequestFailed, message, Upstream: "entra");
    }

    /// <summary>The token endpoint could not be reached or answered with something that is not a token.</summary>
    public static GatewayError Unreachable(Uri endpoint, string reason) =>
        new(502, ErrorTypes.Upstream, TokenRequestFailed,
            $"The gateway could not get a token from Microsoft Entra ID at {endpoint.GetLeftPart(UriPartial.Authority)}: {reason}",
            Retryable: true, Upstream: "entra");

    private static (string? Error, string? Description, int? Code) Read(ReadOnlySpan<byte> body)
    {
        try
        {
            var reader = new Utf8JsonReader(body);
            using var doc = JsonDocument.ParseValue(ref reader);
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object) return (null, null, null);
            var error = root.TryGetProperty("error", out var e) && e.ValueKind == JsonValueKind.String ? e.GetString() : null;
            var description = root.TryGetProperty("error_description", out var d) && d.ValueKind == JsonValueKind.String ? d.GetString() : null;
            int? code = root.TryGetProperty("error_codes", out var codes) && codes.ValueKind == JsonValueKind.Array && codes.GetArrayLength() > 0
                && codes[0].TryGetInt32(out var first) ? first : CodeIn(description);
            return (error, description, code);
        }
        catch (JsonException)
        {
            return (null, null, null);
        }
    }

    private static int? CodeIn(string? description)
    {
        if (description is null || !description.StartsWith("AADSTS", StringComparison.Ordinal)) return null;
        var end = 6;
        while (end < description.Length && char.IsAsciiDigit(description[end])) end++;
        return int.TryParse(description.AsSpan(6, end - 6), NumberStyles.None, CultureInfo.InvariantCulture, out var code) ? code : null;
    }

    // Entra appends "\r\nTrace ID: ...\r\nCorrelation ID: ...\r\nTimestamp: ..."; one line reads better in an error message.
    private static string Trim(string description)
    {
        var flat = description.ReplaceLineEndings(" ").Trim();
        return flat.Length <= MaxDescriptionChars ? flat : flat[..MaxDescriptionChars] + "...";
    }
}
