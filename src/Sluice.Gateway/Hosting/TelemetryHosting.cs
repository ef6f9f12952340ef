using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Sluice.Bedrock.Credentials;
using Sluice.Gateway.Telemetry;
using Sluice.Gateway.Telemetry.Logging;

namespace Sluice.Gateway.Hosting;

/// <summary>
/// Wires OpenTelemetry: the Prometheus exporter behind <c>GET /metrics</c>, OTLP traces when asked for, runtime and
/// ASP.NET Core instrumentation, and the console log format.
/// </summary>
public static class TelemetryHosting
{
    public const string MetricsPath = "/metrics";
    public const string AccessLogCategory = "Sluice.Access";
    public const string ServiceName = "sluice";

    /// <summary>Console logs as text or JSON lines (with trace ids), and the access log on or off.</summary>
    public static void ConfigureLogging(ILoggingBuilder logging, TelemetryOptions options)
    {
        if (string.Equals(options.LogFormat, "json", StringComparison.OrdinalIgnoreCase))
        {
            logging.AddJsonConsole(o =>
            {
                o.IncludeScopes = true; // carries TraceId and SpanId when the record was written inside a traced request
                o.UseUtcTimestamp = true;
                o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
            });
            logging.Configure(o => o.ActivityTrackingOptions = ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId);
        }
        else
        {
            logging.AddSimpleConsole(o =>
            {
                // One record, one line, and no colour codes when the output goes to a file or a pipe (a log collector,
                // `| tee`, systemd): grep and friends then see the text as printed.
                o.SingleLine = true;
                o.ColorBehavior = Console.IsOutputRedirected ? LoggerColorBehavior.Disabled : LoggerColorBehavior.Default;
            });
        }

        // Same formatters as above, printed in batches by one writer thread instead of one wake-up and write per record.
        logging.AddSluiceConsole(new BatchedConsoleOptions { FlushInterval = options.LogFlushInterval });
        logging.AddFilter(AccessLogCategory, options.AccessLog ? LogLevel.Information : LogLevel.None);
    }

    /// <summary>Registers the gateway's instruments and, unless turned off, the OpenTelemetry providers.</summary>
    public static void AddSluiceTelemetry(this IServiceCollection services, TelemetryOptions options)
    {
        services.AddSingleton(options);
        services.AddSingleton<GatewayMetrics>();
        services.AddSingleton<GenAiInstruments>();
        if (!options.Metrics && !options.TracesEnabled) return;

        var otel = services.AddOpenTelemetry().ConfigureResource(r =>
        {
            // OTEL_SERVICE_NAME (read by the SDK's own detector) names the service when set.
            if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable("OTEL_SERVICE_NAME")))
            {
                r.AddService(ServiceName, serviceVersion: typeof(TelemetryHosting).Assembly.GetName().Version?.ToString());
            }
        });
        if (options.Metrics)
        {
            otel.WithMetrics(m => m
                .AddMeter(TelemetryNames.Source, CredentialMetrics.MeterName)
                // ASP.NET Core's own meters (http.server.*, kestrel.*), subscribed directly: the instrumentation
                // package would add the routing meter (a tag lookup per request) and a wrapping middleware that only
                // sets error.type, which ASP.NET Core records itself since .NET 8.
                .AddMeter("Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel")
                .AddRuntimeInstrumentation()
                .AddPrometheusExporter(o =>
                {
                    // Every scrape sees the latest counts (the default caches the answer for 300 ms).
                    o.ScrapeResponseCacheDurationMilliseconds = 0;
                    o.ScopeInfoEnabled = false;
                }));
        }

        if (options.TracesEnabled)
        {
            otel.WithTracing(t =>
            {
                t.AddSource(TelemetryNames.Source)
                    .AddAspNetCoreInstrumentation(o =>
                    {
                        // Only the API is traced: UI assets and health checks would drown the traces that matter.
                        o.Filter = c => c.Request.Path.StartsWithSegments("/v1") || c.Request.Path.StartsWithSegments("/api");
                        o.EnrichWithHttpResponse = (activity, response) =>
                        {
                            if (response.Headers.TryGetValue(Pipeline.RequestIds.Header, out var id)) activity.SetTag(TelemetryNames.RequestId, id.ToString());
                        };
                    })
                    .AddHttpClientInstrumentation();
                if (options.ConfigureTracing is { } configure) configure(t);
                else t.AddOtlpExporter();
            });
        }
    }

    /// <summary>
    /// Maps <c>GET /metrics</c>: on the metrics port only when one is set, else on the main port. Loopback callers may
    /// always scrape; others need the metrics token, or the metrics must be public.
    /// </summary>
    public static void MapSluiceMetrics(this WebApplication app, TelemetryOptions options)
    {
        if (!options.Metrics) return;
        if (options.MetricsPort is { } port)
        {
            // The metrics port serves nothing else; the main port no longer serves /metrics.
            app.Use((context, next) =>
            {
                var onMetricsPort = context.Connection.LocalPort == port;
                if (onMetricsPort == context.Request.Path.Equals(MetricsPath, StringComparison.Ordinal)) return next(context);
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return Task.CompletedTask;
            });
        }

        var token = options.MetricsToken is { Length: > 0 } t ? Encoding.UTF8.GetBytes("Bearer " + t) : null;
        app.MapPrometheusScrapingEndpoint(MetricsPath, meterProvider: null, configureBranchedPipeline: branch => branch.Use((context, next) =>
        {
            var status = Authorize(context, options.MetricsPublic, token);
            if (status == StatusCodes.Status200OK) return next(context);
            context.Response.StatusCode = status;
            context.Response.ContentType = "text/plain; charset=utf-8";
            if (status == StatusCodes.Status401Unauthorized) context.Response.Headers.WWWAuthenticate = "Bearer";
            return context.Response.WriteAsync(status == StatusCodes.Status401Unauthorized
                ? "Scraping /metrics from another machine needs 'Authorization: Bearer <metrics token>'.\n"
                : "/metrics answers loopback callers only. Start Sluice with --metrics-token (SLUICE_METRICS_TOKEN) or --metrics-public to let others scrape it.\n");
        }), optionsName: null);
    }

    internal static int Authorize(HttpContext context, bool isPublic, byte[]? token)
    {
        if (isPublic || context.Connection.RemoteIpAddress is { } remote && System.Net.IPAddress.IsLoopback(remote.IsIPv4MappedToIPv6 ? remote.MapToIPv4() : remote))
        {
            return StatusCodes.Status200OK;
        }

        if (token is null) return StatusCodes.Status403Forbidden;
        var given = Encoding.UTF8.GetBytes(context.Request.Headers.Authorization.ToString());
        return CryptographicOperations.FixedTimeEquals(given, token) ? StatusCodes.Status200OK : StatusCodes.Status401Unauthorized;
    }
}
