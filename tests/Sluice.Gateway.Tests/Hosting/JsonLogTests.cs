using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Sluice.Gateway.Tests.Hosting;

/// <summary><c>--log-format json</c>: the demo's log records, access log included, are one JSON object per line.</summary>
public sealed class JsonLogTests
{
    [Fact]
    public async Task Demo_LogFormatJson_EveryLogLineParsesAndTheAccessLineNamesTheCall()
    {
        var dataDir = CliProcess.TempDataDir();
        using var cli = CliProcess.Start("demo", "--port", "0", "--data-dir", dataDir, "--log-format", "json");
        var baseUrl = Regex.Match(await cli.WaitForLineAsync(l => l.StartsWith("OpenAI base URL:", StringComparison.Ordinal)), @"(http://\S+)/v1").Groups[1].Value;
        var key = (await cli.WaitForLineAsync(l => l.StartsWith("API key:", StringComparison.Ordinal)))["API key:".Length..].Trim();

        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, baseUrl + "/v1/chat/completions")
        {
            Content = new StringContent("""{"model":"demo-bedrock/nova-lite","messages":[{"role":"user","content":"log me, never my words"}]}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        using var response = await http.SendAsync(request);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        var requestId = response.Headers.GetValues("x-request-id").Single();

        var access = await cli.WaitForLineAsync(l => l.Contains("\"Sluice.Access\"", StringComparison.Ordinal));
        var record = JsonDocument.Parse(access).RootElement;
        var state = record.GetProperty("State");
        Assert.Equal("Information", record.GetProperty("LogLevel").GetString());
        Assert.Equal("/v1/chat/completions", state.GetProperty("Route").GetString());
        Assert.Equal("demo-bedrock/nova-lite", state.GetProperty("Model").GetString());
        Assert.Equal(200, state.GetProperty("Status").GetInt32());
        Assert.Equal(requestId, state.GetProperty("RequestId").GetString());
        Assert.Equal("demo@example.com", state.GetProperty("Caller").GetString());
        // Every record is JSON; the banner lines (printed by the command, not the logger) are the only plain text.
        var logLines = cli.Stdout.Split('\n').Where(l => l.StartsWith('{')).ToList();
        Assert.NotEmpty(logLines);
        Assert.All(logLines, l => JsonDocument.Parse(l).Dispose());
        Assert.DoesNotContain("never my words", cli.Stdout, StringComparison.Ordinal);
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
