using System.Net;
using System.Net.Sockets;
using Sluice.Gateway.Tests.Hosting;

namespace Sluice.Gateway.Tests.Scaling;

/// <summary><c>sluice serve --database</c> and <c>--redis</c> values that cannot work: one line on stderr, not a stack trace.</summary>
public sealed class ServeOptionsTests
{
    [Fact]
    public async Task Serve_DatabaseUnreachable_OneLineErrorAndExitCode1()
    {
        using var closed = new TcpListener(IPAddress.Loopback, 0);
        closed.Start();
        var port = ((IPEndPoint)closed.LocalEndpoint).Port;
        closed.Stop(); // nothing listens there now
        var dataDir = CliProcess.TempDataDir();

        using var cli = CliProcess.Start("serve", "--host", "127.0.0.1", "--port", "0", "--data-dir", dataDir,
            "--database", $"Host=127.0.0.1;Port={port};Database=sluice;Username=sluice;Timeout=3");
        var exitCode = await cli.WaitForExitAsync();

        Assert.Equal(1, exitCode);
        Assert.Equal($"error: cannot use the database: Failed to connect to 127.0.0.1:{port}", cli.Stderr.Trim());
        TryDelete(dataDir);
    }

    [Fact]
    public async Task Serve_RedisConfigurationMalformed_OneLineErrorAndExitCode1()
    {
        var dataDir = CliProcess.TempDataDir();

        using var cli = CliProcess.Start("serve", "--host", "127.0.0.1", "--port", "0", "--data-dir", dataDir, "--redis", "127.0.0.1:6379,nonsense=1");
        var exitCode = await cli.WaitForExitAsync();

        Assert.Equal(1, exitCode);
        Assert.StartsWith("error: The Redis configuration (--redis / SLUICE_REDIS) is not valid: ", cli.Stderr.Trim(), StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", cli.Stderr, StringComparison.Ordinal);
        TryDelete(dataDir);
    }

    private static void TryDelete(string dir)
    {
        try
        {
            Directory.Delete(dir, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
