using System.CommandLine;
using Sluice.Gateway.Telemetry;
using Sluice.Gateway.Telemetry.Logging;

namespace Sluice.Cli.Commands;

/// <summary>The observability options of <c>serve</c> and <c>demo</c>; see docs/observability.md.</summary>
internal sealed class TelemetryCliOptions
{
    public const string LogFormatVariable = "SLUICE_LOG_FORMAT";
    public const string LogFlushVariable = "SLUICE_LOG_FLUSH_MS";
    public const string MetricsTokenVariable = "SLUICE_METRICS_TOKEN";
    public const string MetadataLabelsVariable = "SLUICE_METRICS_METADATA_KEYS";
    public const string CaptureContentVariable = "OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT";

    private readonly Option<string> _logFormat = new("--log-format")
    {
        Description = $"Console log format: text or json (one JSON object per line). Default: {LogFormatVariable}, else text",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable(LogFormatVariable) is { Length: > 0 } f ? f.Trim().ToLowerInvariant() : "text",
    };

    private readonly Option<int> _logFlushMs = new("--log-flush-ms")
    {
        Description = $"Write buffered console log lines every this many milliseconds, 0 = each line at once; warnings are always written at once. Default: {LogFlushVariable}, else 50",
        // A bad SLUICE_LOG_FLUSH_MS is reported by the validator below, as a bad --log-flush-ms would be.
        DefaultValueFactory = _ => FlushVariable() is { } ms ? ms : (int)BatchedConsoleOptions.DefaultFlushInterval.TotalMilliseconds,
    };

    private readonly Option<bool> _noAccessLog = new("--no-access-log") { Description = "Do not write an access-log line per model call" };
    private readonly Option<bool> _noMetrics = new("--no-metrics") { Description = "Do not serve /metrics" };

    private readonly Option<int?> _metricsPort = new("--metrics-port")
    {
        Description = "Serve /metrics on this port only (same address as the gateway) instead of the main port",
    };

    private readonly Option<string?> _metricsToken = new("--metrics-token")
    {
        Description = $"Bearer token that lets other machines scrape /metrics (default: {MetricsTokenVariable}); loopback needs none",
    };

    private readonly Option<bool> _metricsPublic = new("--metrics-public") { Description = "Anyone who can reach the port may scrape /metrics, without a token" };
    private readonly Option<bool> _userLabels = new("--metrics-user-labels") { Description = "Label gateway metrics with the calling user and team" };

    private readonly Option<string?> _metadataLabels = new("--metrics-metadata-labels")
    {
        Description = $"Comma-separated request metadata keys copied to metric labels (default: {MetadataLabelsVariable})",
    };

    private readonly Option<bool> _trueFoundry = new("--truefoundry-metrics") { Description = "Also emit TrueFoundry's ai_gateway_* metrics" };

    private readonly Option<bool> _traceContent = new("--trace-message-content")
    {
        Description = $"Record prompts and answers on upstream spans (default: {CaptureContentVariable}=true)",
    };

    public TelemetryCliOptions()
    {
        _logFormat.AcceptOnlyFromAmong("text", "json");
        _logFlushMs.Validators.Add(r =>
        {
            if (r.Implicit && FlushVariable() is null && !string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(LogFlushVariable)))
            {
                r.AddError($"{LogFlushVariable} must be a whole number of milliseconds, not '{Environment.GetEnvironmentVariable(LogFlushVariable)}'.");
            }
            else if (r.GetValueOrDefault<int>() is < 0 or > 10_000) r.AddError($"--log-flush-ms (or {LogFlushVariable}) must be from 0 to 10000 milliseconds.");
        });
        _metricsPort.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int?>() is { } p && p is < 1 or > 65535) r.AddError("--metrics-port must be a port number from 1 to 65535.");
        });
    }

    public void AddTo(Command command)
    {
        command.Options.Add(_logFormat);
        command.Options.Add(_logFlushMs);
        command.Options.Add(_noAccessLog);
        command.Options.Add(_noMetrics);
        command.Options.Add(_metricsPort);
        command.Options.Add(_metricsToken);
        command.Options.Add(_metricsPublic);
        command.Options.Add(_userLabels);
        command.Options.Add(_metadataLabels);
        command.Options.Add(_trueFoundry);
        command.Options.Add(_traceContent);
    }

    private static int? FlushVariable() =>
        int.TryParse(Environment.GetEnvironmentVariable(LogFlushVariable), System.Globalization.NumberStyles.AllowLeadingWhite | System.Globalization.NumberStyles.AllowTrailingWhite,
            System.Globalization.CultureInfo.InvariantCulture, out var ms) ? ms : null;

    public TelemetryOptions Read(ParseResult parse)
    {
        var keys = parse.GetValue(_metadataLabels) ?? Environment.GetEnvironmentVariable(MetadataLabelsVariable) ?? "";
        return new TelemetryOptions
        {
            LogFormat = parse.GetValue(_logFormat)!,
            LogFlushInterval = TimeSpan.FromMilliseconds(parse.GetValue(_logFlushMs)),
            AccessLog = !parse.GetValue(_noAccessLog),
            Metrics = !parse.GetValue(_noMetrics),
            MetricsPort = parse.GetValue(_metricsPort),
            MetricsToken = parse.GetValue(_metricsToken) ?? Environment.GetEnvironmentVariable(MetricsTokenVariable),
            MetricsPublic = parse.GetValue(_metricsPublic),
            UserLabels = parse.GetValue(_userLabels),
            MetadataLabels = keys.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
            TrueFoundryNames = parse.GetValue(_trueFoundry),
            CaptureMessageContent = parse.GetValue(_traceContent)
                || string.Equals(Environment.GetEnvironmentVariable(CaptureContentVariable), "true", StringComparison.OrdinalIgnoreCase),
        };
    }
}
