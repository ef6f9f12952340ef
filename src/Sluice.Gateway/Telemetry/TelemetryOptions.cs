using OpenTelemetry.Trace;

namespace Sluice.Gateway.Telemetry;

/// <summary>Metrics, traces and logs: what is exposed, where, and with which labels.</summary>
public sealed record TelemetryOptions
{
    /// <summary>Serve <c>GET /metrics</c> (Prometheus text). On by default.</summary>
    public bool Metrics { get; init; } = true;

    /// <summary>A second port that serves only <c>/metrics</c> (on the same address as the gateway); null = none.</summary>
    public int? MetricsPort { get; init; }

    /// <summary>
    /// A bearer token that lets non-loopback callers scrape <c>/metrics</c> (<c>SLUICE_METRICS_TOKEN</c>). Callers on
    /// loopback never need it.
    /// </summary>
    public string? MetricsToken { get; init; }

    /// <summary>Anyone may scrape <c>/metrics</c> without a token (<c>--metrics-public</c>); for private networks.</summary>
    public bool MetricsPublic { get; init; }

    /// <summary>Label gateway metrics with the calling user and team (off: each user is a new series).</summary>
    public bool UserLabels { get; init; }

    /// <summary>Request metadata keys (<c>X-TFY-METADATA</c>) copied to gateway metric labels; none by default.</summary>
    public IReadOnlyList<string> MetadataLabels { get; init; } = [];

    /// <summary>Also emit TrueFoundry's <c>ai_gateway_*</c> metrics, for dashboards built on them.</summary>
    public bool TrueFoundryNames { get; init; }

    /// <summary>
    /// Export traces by OTLP. Null = on when an <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> or
    /// <c>OTEL_EXPORTER_OTLP_TRACES_ENDPOINT</c> variable is set.
    /// </summary>
    public bool? Traces { get; init; }

    /// <summary>Record prompts and answers on upstream spans (<c>gen_ai.input.messages</c>, <c>gen_ai.output.messages</c>).</summary>
    public bool CaptureMessageContent { get; init; }

    /// <summary>One access-log line per model call (category <c>Sluice.Access</c>).</summary>
    public bool AccessLog { get; init; } = true;

    /// <summary>Console log format: <c>text</c> (one line per record) or <c>json</c> (one JSON object per line).</summary>
    public string LogFormat { get; init; } = "text";

    /// <summary>
    /// How often buffered console log lines are written to stdout (Warning and above are written at once); zero writes
    /// every record as it comes. 50 ms by default.
    /// </summary>
    public TimeSpan LogFlushInterval { get; init; } = Logging.BatchedConsoleOptions.DefaultFlushInterval;

    /// <summary>Adds trace processors or exporters (tests export to memory); turns tracing on.</summary>
    public Action<TracerProviderBuilder>? ConfigureTracing { get; init; }

    /// <summary>True when traces are exported (by OTLP or by <see cref="ConfigureTracing"/>).</summary>
    public bool TracesEnabled => Traces ?? (ConfigureTracing is not null || OtlpConfigured());

    /// <summary>True when an <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> or <c>OTEL_EXPORTER_OTLP_TRACES_ENDPOINT</c> variable is set.</summary>
    public static bool OtlpConfigured() =>
        !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("OTEL_EXPORTER_OTLP_ENDPOINT"))
        || !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"));
}
