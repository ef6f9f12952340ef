using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;

namespace Sluice.AzureOpenAI.Emulator.Entra;

/// <summary>
/// <c>POST /{tenant}/oauth2/v2.0/token</c> with the client-credentials grant, answered as Entra ID answers: the
/// token JSON, or <c>{error, error_description "AADSTSnnn: ...", error_codes, trace_id, ...}</c> with Entra's statuses.
/// </summary>
internal static partial class TokenEndpoint
{
    private const string Scope = "https://cognitiveservices.azure.com/.default";

    public static async Task HandleAsync(HttpContext context, string tenant, EntraDirectory directory)
    {
        directory.CountRequest();
        var request = context.Request;
        if (!HttpMethods.IsPost(request.Method))
        {
            await WriteErrorAsync(context, directory, 400, "invalid_request", 900561, "The endpoint only accepts POST requests. Received a " + request.Method + " request.");
            return;
        }

        if (!request.HasFormContentType)
        {
            await WriteErrorAsync(context, directory, 400, "invalid_request", 900144, "The request body must contain the following parameter: 'grant_type'.");
            return;
        }

        var form = await request.ReadFormAsync(context.RequestAborted);
        var grant = form["grant_type"].ToString();
        var clientId = form["client_id"].ToString();
        var secret = form["client_secret"].ToString();
        var scope = form["scope"].ToString();

        if (!TenantPattern().IsMatch(tenant))
        {
            await WriteErrorAsync(context, directory, 400, "invalid_request", 900023, $"Specified tenant identifier '{tenant}' is neither a valid DNS name, nor a valid external domain.");
            return;
        }

        if (grant.Length == 0)
        {
            await WriteErrorAsync(context, directory, 400, "invalid_request", 900144, "The request body must contain the following parameter: 'grant_type'.");
            return;
        }

        if (grant != "client_credentials")
        {
            await WriteErrorAsync(context, directory, 400, "unsupported_grant_type", 70003, "The app requested an unsupported grant type '" + grant + "'.");
            return;
        }

        if (clientId.Length == 0)
        {
            await WriteErrorAsync(context, directory, 400, "invalid_request", 900144, "The request body must contain the following parameter: 'client_id'.");
            return;
        }

        if (scope.Length == 0)
        {
            await WriteErrorAsync(context, directory, 400, "invalid_request", 900144, "The request body must contain the following parameter: 'scope'.");
            return;
        }

        if (!directory.HasTenant(tenant))
        {
            await WriteErrorAsync(context, directory, 400, "invalid_request", 90002,
                $"Tenant '{tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud. Check with your subscription administrator, this may happen if there are no active subscriptions for the tenant.");
            return;
        }

        var app = directory.Find(tenant, clientId);
        if (app is null)
        {
            await WriteErrorAsync(context, directory, 400, "unauthorized_client", 700016,
                $"Application with identifier '{clientId}' was not found in the directory '{tenant}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant.");
            return;
        }

        if (secret.Length == 0)
        {
            await WriteErrorAsync(context, directory, 401, "invalid_client", 7000218,
                "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.");
            return;
        }

        if (!string.Equals(secret, app.ClientSecret, StringComparison.Ordinal))
        {
            await WriteErrorAsync(context, directory, 401, "invalid_client", 7000215,
                $"Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '{app.ClientId}'.");
            return;
        }

        if (app.SecretExpired)
        {
            await WriteErrorAsync(context, directory, 401, "invalid_client", 7000222,
                $"The provided client secret keys for app '{app.ClientId}' are expired. Visit the Azure portal to create new keys for your app: https://aka.ms/NewClientSecret, or consider using certificate credentials for added security: https://aka.ms/certCreds.");
            return;
        }

        if (!scope.EndsWith("/.default", StringComparison.Ordinal))
        {
            await WriteErrorAsync(context, directory, 400, "invalid_scope", 1002012,
                $"The provided value for scope {scope} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).");
            return;
        }

        if (!string.Equals(scope, Scope, StringComparison.OrdinalIgnoreCase))
        {
            var resource = scope[..^"/.default".Length];
            await WriteErrorAsync(context, directory, 400, "invalid_resource", 500011,
                $"The resource principal named {resource} was not found in the tenant named {tenant}. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You might have sent your authentication request to the wrong tenant.");
            return;
        }

        var token = directory.Issue(app);
        var seconds = (long)directory.TokenLifetime.TotalSeconds;
        var response = context.Response;
        response.StatusCode = 200;
        response.ContentType = "application/json; charset=utf-8";
        response.Headers.CacheControl = "no-store, no-cache";
        await using var writer = new Utf8JsonWriter(response.Body);
        writer.WriteStartObject();
        writer.WriteString("token_type", "Bearer");
        writer.WriteNumber("expires_in", seconds);
        writer.WriteNumber("ext_expires_in", seconds);
        writer.WriteString("access_token", token);
        writer.WriteEndObject();
    }

    private static async Task WriteErrorAsync(HttpContext context, EntraDirectory directory, int status, string error, int code, string description)
    {
        var trace = Guid.NewGuid().ToString();
        var correlation = Guid.NewGuid().ToString();
        var timestamp = directory.Time.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        var response = context.Response;
        response.StatusCode = status;
        response.ContentType = "application/json; charset=utf-8";
        response.Headers.CacheControl = "no-store, no-cache";
        await using var writer = new Utf8JsonWriter(response.Body);
        writer.WriteStartObject();
        writer.WriteString("error", error);
        writer.WriteString("error_description", $"AADSTS{code}: {description} Trace ID: {trace} Correlation ID: {correlation} Timestamp: {timestamp}".Replace(" Trace ID:", "\r\nTrace ID:", StringComparison.Ordinal)
            .Replace(" Correlation ID:", "\r\nCorrelation ID:", StringComparison.Ordinal).Replace(" Timestamp:", "\r\nTimestamp:", StringComparison.Ordinal));
        writer.WriteStartArray("error_codes");
        writer.WriteNumberValue(code);
        writer.WriteEndArray();
        writer.WriteString("timestamp", timestamp);
        writer.WriteString("trace_id", trace);
        writer.WriteString("correlation_id", correlation);
        writer.WriteString("error_uri", "https://login.microsoftonline.com/error?code=" + code.ToString(CultureInfo.InvariantCulture));
        writer.WriteEndObject();
    }

    // Entra accepts a GUID or a DNS name (contoso.onmicrosoft.com) as the tenant segment.
    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9.-]*$")]
    private static partial Regex TenantPattern();
}
