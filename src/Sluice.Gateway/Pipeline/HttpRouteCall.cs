using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Sluice.Core.Configuration;
using Sluice.Core.Errors;
using Sluice.Core.Routing;

namespace Sluice.Gateway.Pipeline;

/// <summary>
/// A virtual-model call over HTTP: the timeouts and metadata come from request headers, sticky identifiers read
/// headers, and each failed attempt followed by another becomes its own usage record.
/// </summary>
public sealed class HttpRouteCall : RouteCall
{
    /// <summary>Upper bound of both timeout headers (10 minutes), so a typo cannot hold a request for days.</summary>
    public const int MaxTimeoutMs = 600_000;

    private readonly IHeaderDictionary _headers;
    private readonly ApiCall _call;
    private readonly ModelRoute _route;
    private readonly UsageReporter _usage;
    private readonly string _operation;

    private HttpRouteCall(IHeaderDictionary headers, ApiCall call, ModelRoute route, UsageReporter usage, string operation)
    {
        _headers = headers;
        _call = call;
        _route = route;
        _usage = usage;
        _operation = operation;
    }

    /// <summary>
    /// The routing call for a virtual model, or for a real model whose request sets a timeout or retry header (it is
    /// then served by <see cref="ModelRoute.RouterForCall"/>, a router over that model alone). Null, with nothing
    /// allocated, for a real model called without them: the provider is called directly.
    /// </summary>
    /// <exception cref="GatewayException">400 when a timeout, retry or metadata header is malformed.</exception>
    public static HttpRouteCall? For(HttpContext http, ApiCall call, ModelRoute route, UsageReporter usage, string operation)
    {
        var headers = http.Request.Headers;
        if (route.Router is null && !HasDirectOptions(headers)) return null;
        return new HttpRouteCall(headers, call, route, usage, operation)
        {
            RequestTimeout = Milliseconds(headers, SluiceHeaders.RequestTimeout, SluiceHeaders.TfyRequestTimeout),
            FirstTokenTimeout = Milliseconds(headers, SluiceHeaders.FirstTokenTimeout, SluiceHeaders.TfyFirstTokenTimeout),
            Retry = RetryHeader.Read(headers),
            Metadata = ReadMetadata(headers),
        };
    }

    /// <summary>The router to call with this routing call: the virtual model's, or the real model's own.</summary>
    public VirtualModelProvider Router => _route.RouterForCall;

    private static bool HasDirectOptions(IHeaderDictionary headers) =>
        headers.ContainsKey(SluiceHeaders.RequestTimeout) || headers.ContainsKey(SluiceHeaders.TfyRequestTimeout)
        || headers.ContainsKey(SluiceHeaders.FirstTokenTimeout) || headers.ContainsKey(SluiceHeaders.TfyFirstTokenTimeout)
        || headers.ContainsKey(SluiceHeaders.RetryConfig) || headers.ContainsKey(SluiceHeaders.TfyRetryConfig);

    public override string? Header(string name) =>
        _headers.TryGetValue(name, out var values) && values.Count > 0 ? values[0] : null;

    public override void AttemptFailed(RoutingTarget target, int attempt, GatewayError error, TimeSpan elapsed) =>
        _usage.ReportAttempt(_call, _route, target.Route, _operation, attempt, error, elapsed);

    private static TimeSpan? Milliseconds(IHeaderDictionary headers, string name, string alias)
    {
        var used = headers.ContainsKey(name) ? name : alias;
        if (!headers.TryGetValue(used, out var value)) return null;
        if (int.TryParse(value.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var ms) && ms is > 0 and <= MaxTimeoutMs)
        {
            return TimeSpan.FromMilliseconds(ms);
        }

        throw new GatewayException(GatewayError.InvalidRequest(
            $"The header {used} must be a whole number of milliseconds from 1 to {MaxTimeoutMs}.", used, "invalid_header"));
    }

    /// <summary>The <c>X-TFY-METADATA</c> header as a map; null when absent.</summary>
    /// <exception cref="GatewayException">400 when it is not a JSON object of strings.</exception>
    internal static Dictionary<string, string>? ReadMetadata(IHeaderDictionary headers)
    {
        if (!headers.TryGetValue(SluiceHeaders.Metadata, out var value)) return null;
        try
        {
            using var doc = JsonDocument.Parse(value.ToString());
            if (doc.RootElement.ValueKind == JsonValueKind.Object)
            {
                var result = new Dictionary<string, string>(StringComparer.Ordinal);
                foreach (var p in doc.RootElement.EnumerateObject())
                {
                    if (p.Value.ValueKind != JsonValueKind.String) return Invalid();
                    result[p.Name] = p.Value.GetString()!;
                }

                return result;
            }
        }
        catch (JsonException)
        {
        }

        return Invalid();

        static Dictionary<string, string> Invalid() => throw new GatewayException(GatewayError.InvalidRequest(
            $"The header {SluiceHeaders.Metadata} must be a JSON object of string values, e.g. {{\"env\":\"prod\"}}.", SluiceHeaders.Metadata, "invalid_header"));
    }
}
