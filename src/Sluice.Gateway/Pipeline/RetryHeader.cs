using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Sluice.Core.Errors;
using Sluice.Core.Routing;

namespace Sluice.Gateway.Pipeline;

/// <summary>
/// TrueFoundry's per-request retry header (<c>x-tfy-retry-config</c>, or <c>x-sluice-retry-config</c>):
/// <c>{"attempts": 3, "delay": 100, "onStatusCodes": [429, 500, 503]}</c>, every field optional, status codes as
/// numbers or strings, <c>on_status_codes</c> accepted for the manifest's spelling.
/// </summary>
internal static class RetryHeader
{
    public const int MaxAttempts = 10;
    public const int MaxDelayMs = 60_000;

    /// <summary>The request's retry settings; null when the header is absent.</summary>
    /// <exception cref="GatewayException">400 <c>invalid_header</c> when the value is not such an object.</exception>
    public static RetryOverride? Read(IHeaderDictionary headers)
    {
        var name = headers.ContainsKey(SluiceHeaders.RetryConfig) ? SluiceHeaders.RetryConfig : SluiceHeaders.TfyRetryConfig;
        if (!headers.TryGetValue(name, out var value)) return null;
        try
        {
            using var doc = JsonDocument.Parse(value.ToString());
            if (doc.RootElement.ValueKind != JsonValueKind.Object) throw Invalid(name, "it must be a JSON object");
            int? attempts = null, delay = null;
            int[]? codes = null;
            foreach (var p in doc.RootElement.EnumerateObject())
            {
                switch (p.Name)
                {
                    case "attempts":
                        attempts = Whole(p.Value, 0, MaxAttempts) ?? throw Invalid(name, $"attempts must be a whole number from 0 to {MaxAttempts}");
                        break;
                    case "delay":
                        delay = Whole(p.Value, 0, MaxDelayMs) ?? throw Invalid(name, $"delay must be a whole number of milliseconds from 0 to {MaxDelayMs}");
                        break;
                    case "onStatusCodes" or "on_status_codes":
                        codes = Codes(p.Value) ?? throw Invalid(name, "onStatusCodes must be a list of HTTP status codes, e.g. [429, 503]");
                        break;
                    default:
                        throw Invalid(name, $"\"{p.Name}\" is not a retry setting (attempts, delay, onStatusCodes)");
                }
            }

            return new RetryOverride(attempts, delay is { } ms ? TimeSpan.FromMilliseconds(ms) : null, codes);
        }
        catch (JsonException)
        {
            throw Invalid(name, "it is not valid JSON");
        }
    }

    private static int? Whole(JsonElement e, int min, int max) =>
        e.ValueKind == JsonValueKind.Number && e.TryGetInt32(out var n) && n >= min && n <= max ? n : null;

    private static int[]? Codes(JsonElement e)
    {
        if (e.ValueKind != JsonValueKind.Array) return null;
        var codes = new int[e.GetArrayLength()];
        var i = 0;
        foreach (var item in e.EnumerateArray())
        {
            int? code = item.ValueKind == JsonValueKind.String && int.TryParse(item.GetString(), System.Globalization.NumberStyles.None,
                System.Globalization.CultureInfo.InvariantCulture, out var parsed) ? parsed : Whole(item, 100, 599);
            if (code is not (>= 100 and <= 599)) return null;
            codes[i++] = code.Value;
        }

        return codes;
    }

    private static GatewayException Invalid(string name, string why) => new(GatewayError.InvalidRequest(
        $"The header {name} is malformed: {why}. Expected e.g. {{\"attempts\": 3, \"delay\": 100, \"onStatusCodes\": [429, 503]}}.", name, "invalid_header"));
}
