using System.Globalization;

namespace Sluice.Gateway.Telemetry;

/// <summary>What a GenAI client span and metric say about the upstream: the model asked for and the server called.</summary>
/// <param name="ProviderName">The <c>gen_ai.provider.name</c> value (<c>aws.bedrock</c>, <c>openai</c>, <c>anthropic</c>, <c>azure.ai.openai</c>).</param>
public sealed record UpstreamTarget(string RequestModel, string ServerAddress, int ServerPort, string ProviderName = TelemetryNames.AwsBedrock)
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

    /// <summary>An HTTP API provider's target: the host and port of its base URL.</summary>
    public static UpstreamTarget ForBaseUrl(string modelId, string baseUrl, string providerName) =>
        Uri.TryCreate(baseUrl, UriKind.Absolute, out var uri)
            ? new UpstreamTarget(modelId, uri.Host, uri.Port, providerName)
            : new UpstreamTarget(modelId, baseUrl, 0, providerName);
}
