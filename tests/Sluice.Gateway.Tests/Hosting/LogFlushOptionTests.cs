namespace Sluice.Gateway.Tests.Hosting;

/// <summary><c>--log-flush-ms</c> and <c>SLUICE_LOG_FLUSH_MS</c>: a wrong value is named before anything starts.</summary>
public sealed class LogFlushOptionTests
{
    [Theory]
    [InlineData("--log-flush-ms", "20000", "--log-flush-ms (or SLUICE_LOG_FLUSH_MS) must be from 0 to 10000 milliseconds.")]
    [InlineData("--log-flush-ms", "-1", "--log-flush-ms (or SLUICE_LOG_FLUSH_MS) must be from 0 to 10000 milliseconds.")]
    [InlineData("SLUICE_LOG_FLUSH_MS", "abc", "SLUICE_LOG_FLUSH_MS must be a whole number of milliseconds, not 'abc'.")]
    [InlineData("SLUICE_LOG_FLUSH_MS", "60000", "--log-flush-ms (or SLUICE_LOG_FLUSH_MS) must be from 0 to 10000 milliseconds.")]
    public async Task Serve_FlushIntervalWrong_ErrorNamesItAndExitCode1(string where, string value, string error)
    {
        var dataDir = CliProcess.TempDataDir();
        string[] args = ["serve", "--host", "127.0.0.1", "--port", "0", "--data-dir", dataDir];
        using var cli = where.StartsWith("--", StringComparison.Ordinal)
            ? CliProcess.Start([.. args, where, value])
            : CliProcess.Start(new Dictionary<string, string> { [where] = value }, args);

        Assert.Equal(1, await cli.WaitForExitAsync());
        Assert.Contains(error, cli.Stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(dataDir)); // refused before the gateway was built
    }
}
