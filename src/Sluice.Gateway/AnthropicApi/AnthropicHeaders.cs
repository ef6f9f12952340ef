using Microsoft.AspNetCore.Http;
using Sluice.Core.Messages;

namespace Sluice.Gateway.AnthropicApi;

/// <summary>The headers of Anthropic's API the gateway reads and writes.</summary>
public static class AnthropicHeaders
{
    public const string Version = "anthropic-version";
    public const string Beta = "anthropic-beta";

    /// <summary>Anthropic's name of the request id (the gateway also sends <c>x-request-id</c>).</summary>
    public const string RequestId = "request-id";

    /// <summary>Response header: the <c>anthropic-beta</c> values the model does not accept upstream, which were not sent.</summary>
    public const string DroppedBetas = "x-sluice-dropped-betas";

    /// <summary>The caller's betas, split on commas and trimmed, in order (several headers are read in turn).</summary>
    public static IReadOnlyList<string> Betas(IHeaderDictionary headers)
    {
        if (!headers.TryGetValue(Beta, out var values)) return [];
        var betas = new List<string>();
        foreach (var value in values)
        {
            if (value is null) continue;
            foreach (var part in value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                betas.Add(part);
            }
        }

        return betas;
    }

    public static string? AnthropicVersion(IHeaderDictionary headers) =>
        headers.TryGetValue(Version, out var values) && values.Count > 0 ? values[0] : null;

    /// <summary>Says what the provider removed from the request; writes nothing when nothing was.</summary>
    public static void SetAdjustments(HttpResponse response, MessagesAdjustments adjustments)
    {
        if (response.HasStarted) return;
        if (adjustments.DroppedBetas.Count > 0) response.Headers[DroppedBetas] = string.Join(',', adjustments.DroppedBetas);
        if (adjustments.DroppedFields.Count > 0) response.Headers[Pipeline.SluiceHeaders.DroppedParams] = string.Join(',', adjustments.DroppedFields);
    }
}
