using System.Text.Json;
using System.Text.Json.Serialization;

namespace Sluice.Gateway.Admin;

/// <summary>
/// The non-secret, kind-specific settings of a provider account as stored in its row's <c>SettingsJson</c> column
/// (one column instead of one per provider's key; secrets stay in the encrypted blob).
/// </summary>
public sealed record AccountSettingsJson(
    [property: JsonPropertyName("api_version")] string? ApiVersion,
    [property: JsonPropertyName("organization")] string? Organization,
    [property: JsonPropertyName("project")] string? Project,
    [property: JsonPropertyName("headers")] IReadOnlyDictionary<string, string>? Headers,
    [property: JsonPropertyName("tenant_id")] string? TenantId,
    [property: JsonPropertyName("client_id")] string? ClientId)
{
    private static readonly AccountSettingsJson Empty = new(null, null, null, null, null, null);

    private static readonly JsonSerializerOptions Options = new() { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    public static AccountSettingsJson Read(string? json) =>
        string.IsNullOrEmpty(json) ? Empty : JsonSerializer.Deserialize<AccountSettingsJson>(json, Options) ?? Empty;

    /// <summary>The JSON to store, or null when every setting is absent (Bedrock accounts).</summary>
    public static string? Write(AccountSettingsJson settings) =>
        settings == Empty || settings with { Headers = settings.Headers is { Count: 0 } ? null : settings.Headers } == Empty
            ? null
            : JsonSerializer.Serialize(settings, Options);
}
