using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Sluice.Gateway.Json;
using Sluice.Limits.Alerts;
using Sluice.Limits.Rules;

namespace Sluice.Gateway.Limits;

/// <summary>
/// Takes threshold alerts off the request path: a bounded queue, delivered by a background loop to each
/// <c>webhook</c> (a generic JSON body) and <c>slack-webhook</c> (Slack's incoming-webhook body) target; the last
/// alerts are kept for <c>GET /api/v1/limits/alerts</c>. A failed delivery is logged, never retried into the request path.
/// </summary>
public sealed partial class LimitAlertQueue(ILogger<LimitAlertQueue> logger, IHttpClientFactory? clients = null) : BackgroundService, ILimitAlertSink
{
    public const int Kept = 200;
    private readonly Channel<LimitAlert> _queue = Channel.CreateBounded<LimitAlert>(new BoundedChannelOptions(1000) { FullMode = BoundedChannelFullMode.DropOldest });
    private readonly LinkedList<LimitAlert> _recent = new();
    private readonly HttpClient _fallbackClient = new() { Timeout = TimeSpan.FromSeconds(10) };

    public void Publish(LimitAlert alert)
    {
        lock (_recent)
        {
            _recent.AddFirst(alert);
            if (_recent.Count > Kept) _recent.RemoveLast();
        }

        _queue.Writer.TryWrite(alert);
    }

    /// <summary>The latest alerts, newest first.</summary>
    public IReadOnlyList<LimitAlert> Recent()
    {
        lock (_recent) return [.. _recent];
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var alert in _queue.Reader.ReadAllAsync(stoppingToken))
            {
                foreach (var target in alert.Targets)
                {
                    if (!target.IsDelivered) continue;
                    await DeliverAsync(alert, target, stoppingToken);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }

    private async Task DeliverAsync(LimitAlert alert, AlertTarget target, CancellationToken ct)
    {
        try
        {
            var client = clients?.CreateClient(nameof(LimitAlertQueue)) ?? _fallbackClient;
            using var content = new StringContent(target.Type == AlertTarget.SlackWebhook ? SlackBody(alert) : WebhookBody(alert), Encoding.UTF8, "application/json");
            using var response = await client.PostAsync(target.Url, content, ct);
            if (!response.IsSuccessStatusCode) LogDeliveryFailed(logger, alert.Rule, target.Type, ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or InvalidOperationException)
        {
            LogDeliveryFailed(logger, alert.Rule, target.Type, e.Message);
        }
    }

    /// <summary>The generic webhook body: the rule, its source, the subject bucket, the threshold, the use and the limit.</summary>
    public static string WebhookBody(LimitAlert alert)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, GatewayJson.WriterOptions))
        {
            WriteAlert(w, alert);
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>Writes one alert as the generic webhook body and the API show it.</summary>
    public static void WriteAlert(Utf8JsonWriter w, LimitAlert alert)
    {
        w.WriteStartObject();
        w.WriteString("type", "sluice.limit.threshold");
        w.WriteString("rule", alert.Rule);
        w.WriteString("source", alert.Source);
        w.WriteString("subject", alert.Bucket.Length == 0 ? "all" : alert.Bucket);
        w.WriteNumber("threshold_percent", alert.Threshold);
        w.WriteNumber("used", alert.Used);
        w.WriteNumber("limit", alert.Limit);
        w.WriteString("unit", alert.Unit);
        w.WriteString("period_end", alert.PeriodEnd);
        w.WriteString("at", alert.At);
        w.WriteEndObject();
    }

    private static string SlackBody(LimitAlert alert)
    {
        var who = alert.Bucket.Length == 0 ? "" : $" for {alert.Bucket}";
        var text = $":warning: Sluice: '{alert.Rule}'{who} reached {alert.Threshold}% — {alert.Used:0.######} of {alert.Limit:0.######} ({alert.Unit}); the period ends {alert.PeriodEnd:u}.";
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, GatewayJson.WriterOptions))
        {
            w.WriteStartObject();
            w.WriteString("text", text);
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    public override void Dispose()
    {
        _fallbackClient.Dispose();
        base.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The alert of limit {Rule} could not be delivered to its {Target} target: {Reason}")]
    private static partial void LogDeliveryFailed(ILogger logger, string rule, string target, string reason);
}
