using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Sluice.Gateway.Hosting;
using Sluice.Gateway.Telemetry;
using Sluice.Gateway.Telemetry.Logging;

namespace Sluice.Benchmarks;

/// <summary>
/// One access-log record through the gateway's batched console logger against Microsoft's console logger, both with
/// the single-line text formatter and writing to a null sink: what logging a model call costs the request's thread.
/// </summary>
[MemoryDiagnoser]
public class ConsoleLogBenchmarks
{
    private ServiceProvider _services = null!;
    private ILogger _microsoft = null!;
    private BatchedConsoleLoggerProvider _batched = null!;
    private ILogger _batchedLogger = null!;

    [GlobalSetup]
    public void Setup()
    {
        _services = new ServiceCollection().AddLogging(b => b.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.ColorBehavior = LoggerColorBehavior.Disabled;
        })).BuildServiceProvider();
        // Microsoft's provider takes Console.Out when it is built: a null writer then, and BenchmarkDotNet's output after.
        var stdout = Console.Out;
        Console.SetOut(TextWriter.Null);
        try
        {
            _microsoft = _services.GetRequiredService<ILoggerFactory>().CreateLogger(TelemetryHosting.AccessLogCategory);
        }
        finally
        {
            Console.SetOut(stdout);
        }

        var formatter = _services.GetServices<ConsoleFormatter>().Single(f => f.Name == ConsoleFormatterNames.Simple);
        _batched = new BatchedConsoleLoggerProvider(formatter, new BatchedConsoleWriter(Stream.Null, new BatchedConsoleOptions()));
        _batchedLogger = _batched.CreateLogger(TelemetryHosting.AccessLogCategory);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _batched.Dispose();
        _services.Dispose();
        // A dropped record costs less than a written one: the figures are only worth something without drops.
        if (_batched.Writer.Dropped > 0) throw new InvalidOperationException($"the batched logger dropped {_batched.Writer.Dropped} records");
    }

    [Benchmark(Baseline = true)]
    public void MicrosoftConsole() => Log(_microsoft);

    [Benchmark]
    public void BatchedConsole() => Log(_batchedLogger);

    private static void Log(ILogger logger) => AccessLog.Request(logger, "POST", "/v1/chat/completions", "demo-bedrock/nova-lite", 200, 202.9, 191.4, 2, 2,
        0.0000006m, "demo@example.com", "req_01JEXAMPLE7QF8Z3N2M4K6P9RT");
}
