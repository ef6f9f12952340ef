using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace Sluice.Gateway.Tests.Hosting;

/// <summary>The <c>sluice</c> command run as a user runs it, with its output going to a pipe.</summary>
public sealed class CliProcessTests
{
    [Theory]
    [InlineData("serve")]
    [InlineData("demo")]
    [InlineData("emulator")]
    public async Task Command_PortInUse_OneLineErrorAndExitCode1(string command)
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;
        var dataDir = CliProcess.TempDataDir();
        string[] args = command switch
        {
            "serve" => ["serve", "--host", "127.0.0.1", "--port", $"{port}", "--data-dir", dataDir],
            "demo" => ["demo", "--port", $"{port}", "--data-dir", dataDir],
            _ => ["emulator", "--port", $"{port}"],
        };

        using var cli = CliProcess.Start(args);
        var exitCode = await cli.WaitForExitAsync();

        Assert.Equal(1, exitCode);
        Assert.Equal($"error: port {port} is already in use on 127.0.0.1; choose another with --port", cli.Stderr.Trim());
        Assert.DoesNotContain("Exception", cli.Stdout, StringComparison.Ordinal);
        TryDelete(dataDir);
    }

    [Fact]
    public async Task Serve_OutputToPipe_BannerIsExactAndLogRecordsArePlainSingleLines()
    {
        var dataDir = CliProcess.TempDataDir();
        using var cli = CliProcess.Start("serve", "--host", "127.0.0.1", "--port", "0", "--data-dir", dataDir);

        var listening = await cli.WaitForLineAsync(l => l.StartsWith("Sluice gateway listening on ", StringComparison.Ordinal));
        var baseUrl = await cli.WaitForLineAsync(l => l.StartsWith("OpenAI base URL: ", StringComparison.Ordinal));

        var url = Assert.Single(Regex.Match(listening, @"^Sluice gateway listening on (http://127\.0\.0\.1:\d+)$").Groups.Values.Skip(1)).Value;
        Assert.Equal($"OpenAI base URL: {url}/v1", baseUrl);
        using var http = new HttpClient();
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(url + "/healthz")).StatusCode);
        var output = cli.Stdout;
        Assert.DoesNotContain("\u001b[", output, StringComparison.Ordinal);
        // The master key warning is one record: level, category and message on one line, nothing indented below it.
        Assert.Contains(output.Split('\n'), l => l.StartsWith("warn: Sluice.Security[0] Generated a new master key", StringComparison.Ordinal));
        Assert.DoesNotContain(output.Split('\n'), l => l.StartsWith("      ", StringComparison.Ordinal));
        cli.Dispose();
        TryDelete(dataDir);
    }

    [Fact]
    public async Task Demo_OutputToPipe_NoColourCodesAndNoWrappedLines()
    {
        var dataDir = CliProcess.TempDataDir();
        using var cli = CliProcess.Start("demo", "--port", "0", "--data-dir", dataDir);

        await cli.WaitForLineAsync(l => l.StartsWith("Ctrl+C stops the demo.", StringComparison.Ordinal));

        var output = cli.Stdout;
        Assert.DoesNotContain("\u001b[", output, StringComparison.Ordinal);
        // Spectre wraps at 80 columns when it cannot ask a terminal: this line is longer and must stay whole.
        Assert.Matches(new Regex(@"^Sluice demo is running against the local Bedrock emulator \(http://127\.0\.0\.1:\d+\)\.$", RegexOptions.Multiline), output);
        Assert.Matches(new Regex(@"^OpenAI base URL:  http://127\.0\.0\.1:\d+/v1$", RegexOptions.Multiline), output);
        cli.Dispose();
        TryDelete(dataDir);
    }

    [Fact]
    public async Task Serve_HostAndLoopbackDisagree_ErrorAndExitCode2()
    {
        using var cli = CliProcess.Start("serve", "--host", "0.0.0.0", "--loopback", "--port", "0", "--data-dir", CliProcess.TempDataDir());

        Assert.Equal(2, await cli.WaitForExitAsync());
        Assert.StartsWith("error: --loopback means --host 127.0.0.1", cli.Stderr, StringComparison.Ordinal);
    }

    private static void TryDelete(string dir)
    {
        try
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
