using Amazon.Runtime;

namespace Sluice.Bedrock.Credentials;

/// <summary>Routes the AWS SDK's STS client through a handler we own (pooled in production, fake in tests).</summary>
internal sealed class StsHttpClientFactory(HttpMessageHandler handler) : HttpClientFactory
{
    public override HttpClient CreateHttpClient(IClientConfig clientConfig) => new(handler, disposeHandler: false);

    public override bool UseSDKHttpClientCaching(IClientConfig clientConfig) => false;

    public override bool DisposeHttpClientsAfterUse(IClientConfig clientConfig) => true;

    public override string GetConfigUniqueString(IClientConfig clientConfig) => "sluice-sts";
}
