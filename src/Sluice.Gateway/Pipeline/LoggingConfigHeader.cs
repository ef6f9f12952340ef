using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Sluice.Core.Errors;

namespace Sluice.Gateway.Pipeline;

/// <summary>
/// TrueFoundry's per-request logging switch (<c>x-tfy-logging-config</c>, or <c>x-sluice-logging-config</c>):
/// <c>{"enabled": true}</c> asks for this request's bodies to be logged, <c>{"enabled": false}</c> asks for them not to
/// be. The older form, <c>"tfy_log_request": "true"</c> or <c>"false"</c> inside the request metadata, is read too.
/// </summary>
internal static class LoggingConfigHeader
{
    public const string Header = "x-sluice-logging-config";
    public const string TrueFoundryHeader = "x-tfy-logging-config";
    public const string MetadataKey = "tfy_log_request";

    /// <summary>The request's choice; null when it makes none (no header, no metadata key).</summary>
    /// <exception cref="GatewayException">400 <c>invalid_header</c> when the header is not such an object.</exception>
    public static bool? Read(IHeaderDictionary headers, string? metadata)
    {
        var name = headers.ContainsKey(Header) ? Header : TrueFoundryHeader;
        if (headers.TryGetValue(name, out var value)) return Parse(value.ToString(), name);
        // Metadata is compact JSON: only a request that names the key pays for reading it again.
        if (metadata is null || !metadata.Contains(MetadataKey, StringComparison.Ordinal)) return null;
        var said = RequestMetadata.Parse(metadata).GetValueOrDefault(MetadataKey);
        if (said is null) return null;
        if (string.Equals(said, "true", StringComparison.OrdinalIgnoreCase)) return true;
        if (string.Equals(said, "false", StringComparison.OrdinalIgnoreCase)) return false;
        throw new GatewayException(GatewayError.InvalidRequest(
            $"The header {RequestMetadata.TrueFoundryHeader} is malformed: \"{MetadataKey}\" must be \"true\" or \"false\".", RequestMetadata.TrueFoundryHeader,
            "invalid_header"));
    }

    private static bool Parse(string text, string name)
    {
        try
        {
            using var doc = JsonDocument.Parse(text);
            if (doc.RootElement.ValueKind != JsonValueKind.Object) throw Invalid(name, "it must be a JSON object");
            bool? enabled = null;
            foreach (var p in doc.RootElement.EnumerateObject())
            {
                if (p.Name != "enabled") throw Invalid(name, $"\"{CallerText.Quote(p.Name, 60)}\" is not a logging setting (enabled)");
                enabled = p.Value.ValueKind switch
                {
                    JsonValueKind.True => true,
                    JsonValueKind.False => false,
                    _ => throw Invalid(name, "enabled must be true or false"),
                };
            }

            return enabled ?? throw Invalid(name, "it must say \"enabled\"");
        }
        catch (JsonException)
        {
            throw Invalid(name, "it is not valid JSON");
        }
    }

    private static GatewayException Invalid(string name, string why) => new(GatewayError.InvalidRequest(
        $"The header {name} is malformed: {why}. Expected {{\"enabled\": true}} or {{\"enabled\": false}}.", name, "invalid_header"));
}
