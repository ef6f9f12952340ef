using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;
using Sluice.Gateway.Hosting;
using Sluice.Gateway.Telemetry;
using Sluice.Gateway.Telemetry.Logging;

namespace Sluice.Gateway.Tests.Telemetry.Logging;

/// <summary>The batched console logger: Microsoft's text byte for byte, whole lines in order, written in batches.</summary>
public sealed class BatchedConsoleLoggerTests
{
    private static readonly TimeSpan Never = TimeSpan.FromHours(1);
    private static readonly Action<ILogger, int, int, Exception?> ThreadLine =
        LoggerMessage.Define<int, int>(LogLevel.Information, default, "thread={Thread} seq={Seq} padding=0123456789abcdef");
    private static readonly Action<ILogger, int, Exception?> Line = LoggerMessage.Define<int>(LogLevel.Information, default, "line {Index}");
    private static readonly Action<ILogger, int, Exception?> Served = LoggerMessage.Define<int>(LogLevel.Information, default, "request {Index} served");

    [Fact]
    public void Log_ManyThreads_EveryLineWholeAndInEachThreadsOrder()
    {
        const int threads = 8;
        const int perThread = 2000;
        var output = new CapturedOutput();
        var provider = Provider(output, new BatchedConsoleOptions { FlushInterval = TimeSpan.FromMilliseconds(5), FlushBytes = 8 * 1024 });
        var logger = provider.CreateLogger("Sluice.Test");

        Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, t =>
        {
            for (var i = 0; i < perThread; i++) ThreadLine(logger, t, i, null);
        });
        provider.Dispose();

        var lines = output.Text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(threads * perThread, lines.Length);
        var next = new int[threads];
        foreach (var line in lines)
        {
            var match = System.Text.RegularExpressions.Regex.Match(line, @"^info: Sluice\.Test\[0\] thread=(\d) seq=(\d+) padding=0123456789abcdef$");
            Assert.True(match.Success, line);
            var thread = int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
            Assert.Equal(next[thread]++, int.Parse(match.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture));
        }

        // Batched: far fewer writes than records (Microsoft's logger makes one per record).
        Assert.InRange(output.Writes, 1, threads * perThread / 20);
    }

    [Fact]
    public async Task Log_Warning_WrittenAtOnceWithTheLinesBeforeIt()
    {
        var output = new CapturedOutput();
        using var provider = Provider(output, new BatchedConsoleOptions { FlushInterval = Never });
        var logger = provider.CreateLogger("Sluice.Test");

        logger.LogInformation("first");
        Assert.Equal(0, output.Writes); // an Information record waits for the interval
        logger.LogWarning("then a warning");

        var text = await output.WaitForAsync(t => t.Contains("then a warning", StringComparison.Ordinal));
        Assert.Equal("info: Sluice.Test[0] first\nwarn: Sluice.Test[0] then a warning\n", text);
    }

    [Fact]
    public async Task Log_Information_WrittenAfterTheInterval()
    {
        var output = new CapturedOutput();
        using var provider = Provider(output, new BatchedConsoleOptions { FlushInterval = TimeSpan.FromMilliseconds(20) });

        provider.CreateLogger("Sluice.Access").LogInformation("served");

        Assert.Equal("info: Sluice.Access[0] served\n", await output.WaitForAsync(t => t.Length > 0));
    }

    [Fact]
    public void Dispose_LinesBuffered_AllWrittenBeforeItReturns()
    {
        var output = new CapturedOutput();
        var provider = Provider(output, new BatchedConsoleOptions { FlushInterval = Never });
        var logger = provider.CreateLogger("Sluice.Test");
        for (var i = 0; i < 3; i++) Line(logger, i, null);
        Assert.Equal(0, output.Writes);

        provider.Dispose();

        Assert.Equal("info: Sluice.Test[0] line 0\ninfo: Sluice.Test[0] line 1\ninfo: Sluice.Test[0] line 2\n", output.Text);
        logger.LogInformation("after dispose"); // the host logs while it is torn down: written by the caller
        Assert.EndsWith("info: Sluice.Test[0] after dispose\n", output.Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("text")]
    [InlineData("text-multiline")]
    [InlineData("json")]
    public void Log_SameRecord_SameBytesAsMicrosoftsFormatter(string format)
    {
        using var services = new ServiceCollection().AddLogging(b =>
        {
            switch (format)
            {
                case "json":
                    b.AddJsonConsole(o => o.IncludeScopes = true);
                    break;
                default:
                    b.AddSimpleConsole(o =>
                    {
                        o.SingleLine = format == "text";
                        o.IncludeScopes = true;
                        o.ColorBehavior = LoggerColorBehavior.Disabled;
                    });
                    break;
            }
        }).BuildServiceProvider();
        var formatter = BatchedConsoleLoggerProvider.Choose(
            services.GetRequiredService<IOptionsMonitor<ConsoleLoggerOptions>>().CurrentValue.FormatterName, services.GetServices<ConsoleFormatter>());
        Assert.Equal(format == "json" ? ConsoleFormatterNames.Json : ConsoleFormatterNames.Simple, formatter.Name);
        var scopes = new LoggerExternalScopeProvider();
        var output = new CapturedOutput();
        var provider = new BatchedConsoleLoggerProvider(formatter, new BatchedConsoleWriter(output, new BatchedConsoleOptions { FlushInterval = Never }));
        provider.SetScopeProvider(scopes);
        var logger = provider.CreateLogger(TelemetryHosting.AccessLogCategory);
        List<KeyValuePair<string, object?>> state =
        [
            new("Model", "demo-bedrock/nova-lite"),
            new("Caller", "zoë@example.com 🚀"),
            new("{OriginalFormat}", "model={Model} caller={Caller}"),
        ];
        static string Message(List<KeyValuePair<string, object?>> s, Exception? e) => $"model={s[0].Value} caller={s[1].Value}";
        var error = new InvalidOperationException("upstream said \"no\"\nsecond line");

        var expected = new StringWriter();
        using (logger.BeginScope(new Dictionary<string, object?> { ["TraceId"] = "4bf92f3577b34da6a3ce929d0e0e4736", ["SpanId"] = "00f067aa0ba902b7" }))
        {
            logger.Log(LogLevel.Information, new EventId(100), state, null, Message);
            logger.Log(LogLevel.Error, new EventId(7, "Upstream"), state, error, Message);
            formatter.Write(new LogEntry<List<KeyValuePair<string, object?>>>(LogLevel.Information, TelemetryHosting.AccessLogCategory, new EventId(100), state, null, Message), scopes, expected);
            formatter.Write(new LogEntry<List<KeyValuePair<string, object?>>>(LogLevel.Error, TelemetryHosting.AccessLogCategory, new EventId(7, "Upstream"), state, error, Message), scopes, expected);
        }

        provider.Dispose();

        if (format != "json") Assert.Contains("zoë@example.com 🚀", output.Text, StringComparison.Ordinal); // JSON escapes it
        Assert.Equal(expected.ToString(), output.Text);
    }

    [Fact]
    public async Task Log_StdoutBlocked_RecordsBelowWarningDroppedAndCountedWithoutWaiting()
    {
        var output = new CapturedOutput(blocked: true);
        var provider = Provider(output, new BatchedConsoleOptions { FlushInterval = Never, FlushBytes = 1024, MaxBufferedBytes = 4096 });
        var logger = provider.CreateLogger("Sluice.Access");
        var droppedBefore = BatchedConsoleWriter.TotalDropped;
        logger.LogWarning("stdout stalls here");
        await output.WriteStarted.WaitAsync(TimeSpan.FromSeconds(10)); // the writer thread is now stuck in its write

        // On another task so that a logger that waited for stdout fails the test instead of hanging it.
        await Task.Run(() =>
        {
            for (var i = 0; i < 1000; i++) Served(logger, i, null);
            logger.LogError("still kept past the cap");
        }).WaitAsync(TimeSpan.FromSeconds(10));

        var dropped = provider.Writer.Dropped;
        Assert.InRange(dropped, 800, 990); // about 4 KiB of ~40-byte lines were kept
        Assert.True(BatchedConsoleWriter.TotalDropped - droppedBefore >= dropped);
        Assert.True(DroppedMetric() >= dropped);
        output.Release();
        provider.Dispose();
        var lines = output.Text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(1000 + 2 - dropped, lines.Length);
        Assert.Equal("warn: Sluice.Access[0] stdout stalls here", lines[0]);
        Assert.Equal("fail: Sluice.Access[0] still kept past the cap", lines[^1]);
        Assert.All(lines[1..^1], l => Assert.Matches(@"^info: Sluice\.Access\[0\] request \d+ served$", l));
    }

    [Theory]
    [InlineData("text", ConsoleFormatterNames.Simple)]
    [InlineData("json", ConsoleFormatterNames.Json)]
    public void ConfigureLogging_Format_OnlyTheBatchedProviderPrints(string format, string formatter)
    {
        using var services = new ServiceCollection()
            .AddLogging(b => TelemetryHosting.ConfigureLogging(b, new TelemetryOptions { LogFormat = format }))
            .BuildServiceProvider();

        var provider = Assert.IsType<BatchedConsoleLoggerProvider>(Assert.Single(services.GetServices<ILoggerProvider>()));
        Assert.Equal(formatter, provider.Formatter.Name);
    }

    private static BatchedConsoleLoggerProvider Provider(CapturedOutput output, BatchedConsoleOptions options)
    {
        var formatter = new ServiceCollection()
            .AddLogging(b => b.AddSimpleConsole(o =>
            {
                o.SingleLine = true;
                o.ColorBehavior = LoggerColorBehavior.Disabled;
            }))
            .BuildServiceProvider()
            .GetServices<ConsoleFormatter>()
            .Single(f => f.Name == ConsoleFormatterNames.Simple);
        return new BatchedConsoleLoggerProvider(formatter, new BatchedConsoleWriter(output, options));
    }

    private static long DroppedMetric()
    {
        _ = GatewayMetrics.Meter; // its instruments exist once the type is initialised
        long value = 0;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter == GatewayMetrics.Meter && instrument.Name == TelemetryNames.LogLinesDropped) l.EnableMeasurementEvents(instrument);
        };
        listener.SetMeasurementEventCallback<long>((_, measurement, _, _) => value = measurement);
        listener.Start();
        listener.RecordObservableInstruments();
        return value;
    }
}
