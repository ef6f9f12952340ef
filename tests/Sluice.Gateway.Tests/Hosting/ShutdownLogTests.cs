using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace Sluice.Gateway.Tests.Hosting;

/// <summary><c>sluice serve</c> stopped by a signal prints every log line written before it, buffered or not.</summary>
public sealed class ShutdownLogTests
{
    [Theory]
    [InlineData("TERM")]
    [InlineData("INT")]
    public async Task Serve_StoppedBySignal_AccessLineStillBufferedIsPrinted(string signal)
    {
        var dataDir = CliProcess.TempDataDir();
        // An interval no test waits for: the line can only come out through the flush at shutdown.
        using var cli = CliProcess.Start("serve", "--host", "127.0.0.1", "--port", "0", "--data-dir", dataDir, "--log-flush-ms", "10000");
        var listening = await cli.WaitForLineAsync(l => l.StartsWith("Sluice gateway listening on ", StringComparison.Ordinal));
        var url = Regex.Match(listening, @"(http://\S+)$").Groups[1].Value;
        var requestId = "req-shutdown-" + Guid.NewGuid().ToString("N");

        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, url + "/v1/chat/completions")
        {
            Content = new StringContent("""{"model":"any/model","messages":[{"role":"user","content":"hi"}]}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("x-request-id", requestId);
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "sk-sluice-not-a-key");
        using var response = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.DoesNotContain(requestId, cli.Stdout, StringComparison.Ordinal); // still in the buffer

        cli.Signal(signal);
        await cli.WaitForExitAsync();

        var access = Assert.Single(cli.Stdout.Split('\n'), l => l.Contains("request_id=" + requestId, StringComparison.Ordinal));
        Assert.StartsWith("info: Sluice.Access[100] POST /v1/chat/completions model=- status=401 ", access, StringComparison.Ordinal);
        cli.Dispose();
        try
        {
            Directory.Delete(dataDir, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
