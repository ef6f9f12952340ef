using System.Text;
using System.Text.Json;
using Sluice.Gateway.Json;

namespace Sluice.Gateway.Manifests;

/// <summary>
/// Writes documents as JSON with the manifest's snake_case names. Secrets are written as <c>********</c> unless
/// <c>includeSecrets</c> is set, which only the in-memory "unchanged?" comparison uses.
/// </summary>
public static class ManifestWriter
{
    public const string Mask = "********";

    public static string ToJson(ManifestDocument document, bool includeSecrets = false)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, GatewayJson.WriterOptions))
        {
            Write(writer, document, includeSecrets);
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    public static void Write(Utf8JsonWriter writer, ManifestDocument document, bool includeSecrets = false)
    {
        writer.WriteStartObject();
        writer.WriteString("name", document.Name);
        writer.WriteString("type", document.Type);
        if (LimitWriter.TryWriteBody(writer, document))
        {
            writer.WriteEndObject();
            return;
        }

        switch (document)
        {
            case ProviderAccountDocument account:
                WriteAccountBody(writer, account, includeSecrets);
                break;
            case VirtualModelGroupDocument group:
                VirtualModelWriter.WriteBody(writer, group);
                break;
            case LoadBalancingConfigDocument rules:
                VirtualModelWriter.WriteRules(writer, rules);
                break;
            case GatewayModelAliasesDocument aliases:
                writer.WriteStartArray("aliases");
                foreach (var a in aliases.Aliases)
                {
                    writer.WriteStartObject();
                    writer.WriteString("name", a.Name);
                    writer.WriteString("model", a.Model);
                    writer.WriteEndObject();
                }

                writer.WriteEndArray();
                break;
            case GlobalSettingsDocument settings:
                if (settings.RetrySettings is { } retry) VirtualModelWriter.WriteRetry(writer, "retry_settings", retry);
                if (settings.LoggingSettings is { } logging)
                {
                    writer.WriteStartObject("logging_settings");
                    writer.WriteString("type", logging.Type);
                    if (logging.LogBodyByDefault is { } byDefault) writer.WriteBoolean("log_body_by_default", byDefault);
                    writer.WriteEndObject();
                }

                break;
            case TeamDocument team:
                writer.WriteStartArray("members");
                foreach (var m in team.Members)
                {
                    writer.WriteStringValue(m);
                }

                writer.WriteEndArray();
                // Written only when set, so a team without managers reads as it did before they existed.
                if (team.Managers.Count > 0)
                {
                    writer.WriteStartArray("managers");
                    foreach (var m in team.Managers) writer.WriteStringValue(m);
                    writer.WriteEndArray();
                }

                break;
            case VirtualAccountDocument va:
                writer.WriteStartArray("permissions");
                foreach (var p in va.Permissions)
                {
                    writer.WriteStartObject();
                    writer.WriteString("resource_fqn", p.ResourceFqn);
                    writer.WriteString("resource_type", p.ResourceType);
                    writer.WriteString("role_id", p.RoleId);
                    writer.WriteEndObject();
                }

                writer.WriteEndArray();
                break;
        }

        writer.WriteEndObject();
    }

    /// <param name="warnings">For admin-API answers: what is worth knowing about the stored model (never part of a manifest).</param>
    public static void WriteIntegration(Utf8JsonWriter writer, IntegrationDocument model, IReadOnlyList<ValidationProblem>? warnings = null)
    {
        writer.WriteStartObject();
        writer.WriteString("name", model.Name);
        writer.WriteString("type", model.Type);
        writer.WriteString("model_id", model.ModelId);
        if (model.Region is not null)
        {
            writer.WriteString("region", model.Region);
        }

        writer.WriteStartArray("model_types");
        foreach (var t in model.ModelTypes)
        {
            writer.WriteStringValue(t);
        }

        writer.WriteEndArray();
        if (model.Cost is { } modelCost)
        {
            writer.WriteStartObject("cost");
            if (modelCost.Per1000Tokens is { } cost)
            {
                writer.WriteStartObject("per_1000_tokens");
                writer.WriteNumber("input", Normalize(cost.Input));
                writer.WriteNumber("output", Normalize(cost.Output));
                writer.WriteNumber("cache_read", Normalize(cost.CacheRead));
                writer.WriteNumber("cache_write", Normalize(cost.CacheWrite));
                writer.WriteEndObject();
            }

            if (modelCost.PerImage is { } perImage)
            {
                writer.WriteNumber("per_image", Normalize(perImage));
            }

            if (modelCost.PerRequest is { } perRequest)
            {
                writer.WriteNumber("per_request", Normalize(perRequest));
            }

            writer.WriteEndObject();
        }

        if (model.AuthorizedSubjects is { } subjects)
        {
            writer.WriteStartArray("authorized_subjects");
            foreach (var s in subjects)
            {
                writer.WriteStringValue(s);
            }

            writer.WriteEndArray();
        }

        // Written only when on, so manifests and stored documents without the key stay unchanged.
        if (model.DropParams)
        {
            writer.WriteBoolean("drop_params", true);
        }

        if (model.PromptCaching is { } caching)
        {
            writer.WriteString("prompt_caching", caching);
        }

        if (model.Aliases is { } aliases)
        {
            writer.WriteStartArray("aliases");
            foreach (var a in aliases)
            {
                writer.WriteStringValue(a);
            }

            writer.WriteEndArray();
        }

        if (warnings is not null)
        {
            WriteWarnings(writer, warnings);
        }

        writer.WriteEndObject();
    }

    /// <summary>Writes <c>"warnings": [{path, message, suggestion?}]</c>.</summary>
    public static void WriteWarnings(Utf8JsonWriter writer, IReadOnlyList<ValidationProblem> warnings)
    {
        writer.WriteStartArray("warnings");
        foreach (var w in warnings)
        {
            writer.WriteStartObject();
            writer.WriteString("path", w.Path);
            writer.WriteString("message", w.Message);
            if (w.Suggestion is not null)
            {
                writer.WriteString("suggestion", w.Suggestion);
            }

            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    private static void WriteAccountBody(Utf8JsonWriter writer, ProviderAccountDocument account, bool includeSecrets)
    {
        if (ProviderKinds.Of(account).UsesRegion || account.Region.Length > 0)
        {
            writer.WriteString("region", account.Region);
        }

        if (account.Auth is { } auth)
        {
            writer.WriteStartObject("auth_data");
            writer.WriteString("type", auth.Type);
            WriteOptional(writer, "access_key_id", auth.AccessKeyId);
            WriteSecret(writer, "secret_access_key", auth.SecretAccessKey, includeSecrets);
            WriteSecret(writer, "session_token", auth.SessionToken, includeSecrets);
            WriteOptional(writer, "assumed_role_arn", auth.AssumedRoleArn);
            WriteOptional(writer, "external_id", auth.ExternalId);
            WriteSecret(writer, "api_key", auth.ApiKey, includeSecrets);
            WriteOptional(writer, "tenant_id", auth.TenantId);
            WriteOptional(writer, "client_id", auth.ClientId);
            WriteSecret(writer, "client_secret", auth.ClientSecret, includeSecrets);
            writer.WriteEndObject();
        }

        WriteOptional(writer, "endpoint_url", account.EndpointUrl);
        WriteOptional(writer, "sts_endpoint_url", account.StsEndpointUrl);
        WriteOptional(writer, "base_url", account.BaseUrl);
        WriteOptional(writer, "api_version", account.ApiVersion);
        WriteOptional(writer, "organization", account.Organization);
        WriteOptional(writer, "project", account.Project);
        if (account.Headers is { Count: > 0 } headers)
        {
            writer.WriteStartObject("headers");
            foreach (var (key, value) in headers)
            {
                writer.WriteString(key, value);
            }

            writer.WriteEndObject();
        }

        writer.WriteStartArray("collaborators");
        foreach (var c in account.Collaborators ?? [])
        {
            writer.WriteStartObject();
            writer.WriteString("subject", c.Subject);
            writer.WriteString("role_id", c.RoleId);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteStartArray("integrations");
        foreach (var m in account.Integrations ?? [])
        {
            WriteIntegration(writer, m);
        }

        writer.WriteEndArray();
    }

    // 0.0002 and 0.00020 are the same cost; stores keep different scales, so strip trailing zeros.
    private static decimal Normalize(decimal value) => value / 1.0000000000000000000000000000m;

    private static void WriteOptional(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is not null)
        {
            writer.WriteString(name, value);
        }
    }

    private static void WriteSecret(Utf8JsonWriter writer, string name, string? value, bool includeSecrets)
    {
        if (value is not null)
        {
            writer.WriteString(name, includeSecrets ? value : Mask);
        }
    }
}
