using System.Globalization;

namespace Sluice.Gateway.Telemetry;

/// <summary>What a GenAI client span and metric say about the upstream: the model asked for and the server called.</summary>
public sealed record UpstreamTarget(string RequestModel, string ServerAddress, int ServerPort)
{
    /// <summary>The port as a label string, built once per snapshot instead of per request.</summary>
    public string ServerPortText { get; } = ServerPort.ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// The Bedrock runtime a model is called at: the account's endpoint URL (its <c>{region}</c> filled in) or AWS's
    /// regional endpoint.
    /// </summary>
    public static UpstreamTarget ForBedrock(string modelId, string region, string? endpointTemplate)
    {
        if (endpointTemplate is not null
            && Uri.TryCreate(endpointTemplate.Replace("{region}", region, StringComparison.Ordinal), UriKind.Absolute, out var uri))
        {
            return new UpstreamTarget(modelId, uri.Host, uri.Port);
        }

        return new UpstreamTarget(modelId, $"bedrock-runtime.{region}.amazonaws.com", 443);
    }
}
