using System.Net;
using System.Net.Sockets;
using System.Text;
using Amazon.Runtime;
using Sluice.Bedrock.Credentials;
using Sluice.Bedrock.Runtime;

namespace Sluice.Bedrock.Tests.Runtime;

/// <summary>The real pooled handler against a raw loopback socket: what actually goes on the wire.</summary>
public sealed class DefaultHandlerTests
{
    [Fact]
    public async Task ConverseAsync_LocalhostSubdomain_ReachesLoopbackWithEncodedPathAndPortInHost()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var server = ServeOnceAsync(listener, """{"output":{"message":{"role":"assistant","content":[{"text":"Hi!"}]}}}""");

        using var handler = BedrockRuntimeClient.CreateDefaultHandler();
        var client = new BedrockRuntimeClient(new HttpMessageInvoker(handler),
            new BedrockCredentialEngine(handler, null, new BasicAWSCredentials("a", "b")));
        var target = new BedrockTarget("arn:aws:bedrock:us-west-2:123456789012:application-inference-profile/a1b2c3d4e5f6", "us-east-1",
            new ApiKeyAuth("ABSKexample"), BedrockEndpoints.FromTemplates($"http://bedrock-runtime.{{region}}.localhost:{port}"));

        var response = await client.ConverseAsync(target, """{"messages":[]}"""u8.ToArray(), default);
        var request = await server;

        Assert.StartsWith(
            "POST /model/arn%3Aaws%3Abedrock%3Aus-west-2%3A123456789012%3Aapplication-inference-profile%2Fa1b2c3d4e5f6/converse HTTP/1.1\r\n",
            request, StringComparison.Ordinal);
        Assert.Contains($"\r\nHost: bedrock-runtime.us-west-2.localhost:{port}\r\n", request, StringComparison.Ordinal);
        Assert.Contains("\r\nAuthorization: Bearer ABSKexample\r\n", request, StringComparison.Ordinal);
        Assert.EndsWith("\r\n\r\n{\"messages\":[]}", request, StringComparison.Ordinal);
        Assert.Contains("Hi!", Encoding.UTF8.GetString(response.Body), StringComparison.Ordinal);
        Assert.Equal("us-west-2", response.Region);
    }

    private static async Task<string> ServeOnceAsync(TcpListener listener, string responseBody)
    {
        using var socket = await listener.AcceptSocketAsync();
        await using var stream = new NetworkStream(socket);
        var received = new StringBuilder();
        var buffer = new byte[8192];
        while (true)
        {
            var n = await stream.ReadAsync(buffer);
            if (n == 0)
            {
                break;
            }

            received.Append(Encoding.UTF8.GetString(buffer, 0, n));
            var text = received.ToString();
            var headerEnd = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
            if (headerEnd < 0)
            {
                continue;
            }

            var lengthLine = text[..headerEnd].Split("\r\n").FirstOrDefault(l => l.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase));
            var length = lengthLine is null ? 0 : int.Parse(lengthLine["Content-Length:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture);
            if (text.Length >= headerEnd + 4 + length)
            {
                break;
            }
        }

        var body = Encoding.UTF8.GetBytes(responseBody);
        var head = $"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {body.Length}\r\nx-amzn-RequestId: r-1\r\nConnection: close\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head));
        await stream.WriteAsync(body);
        return received.ToString();
    }
}
