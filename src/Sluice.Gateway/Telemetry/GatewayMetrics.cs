using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Text.Json;
using Sluice.Core.Chat;
using Sluice.Gateway.Pipeline;
using Sluice.Gateway.Snapshots;
using Sluice.Gateway.UsageRecording;
using static Sluice.Gateway.Telemetry.TelemetryNames;

namespace Sluice.Gateway.Telemetry;

/// <summary>
/// The gateway's meter and its gateway-level instruments (requests, tokens, cost, routing, limits, streams, the usage
/// writer, snapshots). Every recording checks <c>Enabled</c> first, so nothing is built when nobody listens.
/// </summary>
public sealed class GatewayMetrics : IDisposable
{
    private static readonly double[] SecondsBuckets = [0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92];
    private static readonly double[] MillisecondBuckets = [10, 20, 40, 80, 160, 320, 640, 1280, 2560, 5120, 10240, 20480, 40960, 81920];

    /// <summary>
    /// The gateway's one meter, for the whole process: an instrument is never disposed while another host in the
    /// process (tests, embedders) still records into it, which OpenTelemetry would else stop exporting.
    /// </summary>
    public static readonly Meter Meter = new(Source);

    internal static readonly InstrumentAdvice<double> Seconds = new() { HistogramBucketBoundaries = SecondsBuckets };

    private static readonly Counter<long> _requests = Meter.CreateCounter<long>(Requests, "{request}", "Model calls answered, by route, caller-visible model, account, status and error type.");
    private static readonly Histogram<double> _duration = Meter.CreateHistogram(RequestDuration, "s", "Time from the request's arrival to its last byte.", advice: Seconds);
    private static readonly Histogram<double> _firstToken = Meter.CreateHistogram(TimeToFirstToken, "s", "Streams: time from the request's arrival to the first chunk sent.", advice: Seconds);
    private static readonly Counter<long> _tokens = Meter.CreateCounter<long>(Tokens, "{token}", "Tokens by type: input (cache reads and writes included), output, cache_read, cache_write.");
    private static readonly Counter<double> _cost = Meter.CreateCounter<double>(Cost, "{USD}", "Cost in US dollars of the model calls, as recorded in usage.");
    private static readonly Counter<long> _retries = Meter.CreateCounter<long>(Retries, "{attempt}", "Virtual models: failed attempts followed by a retry of the same target.");
    private static readonly Counter<long> _fallbacks = Meter.CreateCounter<long>(Fallbacks, "{attempt}", "Virtual models: failed attempts followed by another target.");
    private static readonly Counter<long> _limitRefusals = Meter.CreateCounter<long>(LimitRefusals, "{request}", "Requests refused by a rate limit or a budget, by rule.");
    private static readonly UpDownCounter<long> _openStreams = Meter.CreateUpDownCounter<long>(OpenStreams, "{stream}", "Streamed answers being written now.");
    private static readonly Histogram<double> _usageBatch = Meter.CreateHistogram(UsageBatchDuration, "s", "Time to store one batch of usage records.", advice: Seconds);
    private static readonly Histogram<double> _snapshotRebuild = Meter.CreateHistogram(SnapshotRebuildDuration, "s", "Time to build and publish a configuration snapshot.", advice: Seconds);
    private static readonly Lazy<TrueFoundryMetrics> TrueFoundry = new(() => new TrueFoundryMetrics(Meter, MillisecondBuckets));

    // Observable instruments read every live gateway of the process (one, outside tests).
    private static readonly object LiveGate = new();
    private static GatewayMetrics[] _live = [];

    private readonly TelemetryOptions _options;
    private readonly SnapshotHolder _snapshots;
    private readonly UsageChannelSink _usage;
    private readonly TrueFoundryMetrics? _tfy;
    private readonly string[] _metadataKeys;

    static GatewayMetrics()
    {
        Meter.CreateObservableGauge(UsageQueueDepth, () => Each(m => (long)m._usage.Reader.Count), "{record}", "Usage records waiting for the writer.");
        Meter.CreateObservableCounter(UsageDropped, () => Each(m => m._usage.Dropped), "{record}", "Usage records dropped because the writer fell behind.");
        // Process-wide like stdout itself: every console writer of the process adds to it.
        Meter.CreateObservableCounter(LogLinesDropped, () => Logging.BatchedConsoleWriter.TotalDropped, "{line}",
            "Console log records below Warning dropped because stdout did not keep up (its buffer was full).");
        Meter.CreateObservableGauge(SnapshotVersion, () => Each(m => m._snapshots.Current.Version), null, "Version of the configuration snapshot in use.");
        Meter.CreateObservableGauge(CoolingTargets, CoolingDown, "{target}",
            "Virtual-model targets cooling down after failures (1) or healthy (0), by model and target.");
    }

    public GatewayMetrics(TelemetryOptions options, SnapshotHolder snapshots, UsageChannelSink usage)
    {
        _options = options;
        _snapshots = snapshots;
        _usage = usage;
        _metadataKeys = [.. options.MetadataLabels.Select(k => MetadataPrefix + k)];
        if (options.TrueFoundryNames) _tfy = TrueFoundry.Value;
        lock (LiveGate) _live = [.. _live, this];
    }

    /// <summary>Stops reporting this gateway's gauges (its host is being disposed).</summary>
    public void Dispose()
    {
        lock (LiveGate) _live = [.. _live.Where(m => !ReferenceEquals(m, this))];
    }

    /// <summary>One model call ended: the request count, duration, tokens and cost, labelled per the options.</summary>
    public void Request(ApiCall call, string operation, string model, string account, int status, string? errorCode, Usage? usage,
        decimal cost, double seconds, double? firstTokenSeconds, bool routed)
    {
        var tfy = _tfy;
        if (!_requests.Enabled && !_tokens.Enabled && !_cost.Enabled && !_duration.Enabled && tfy is null) return;
        var tags = new TagList
        {
            { Route, operation },
            { Model, model },
            { Account, account },
        };
        AddCaller(ref tags, call);
        var withStatus = tags;
        withStatus.Add(Status, StatusText.Of(status));
        if (errorCode is not null) withStatus.Add(ErrorType, errorCode);
        _requests.Add(1, withStatus);
        _duration.Record(seconds, withStatus);
        if (firstTokenSeconds is { } ttft) _firstToken.Record(ttft, tags);
        if (usage is not null)
        {
            AddTokens(tags, Input, usage.PromptTokens);
            AddTokens(tags, Output, usage.CompletionTokens);
            AddTokens(tags, CacheRead, usage.CachedTokens);
            AddTokens(tags, CacheWrite, usage.CacheWriteTokens);
        }

        if (cost != 0) _cost.Add((double)cost, tags);
        tfy?.Request(call, model, status, usage, cost, seconds, firstTokenSeconds, routed, _options.UserLabels);
    }

    /// <summary>
    /// A request refused before any model was called: counted and timed like a served call, with its status and error
    /// type; <paramref name="model"/> and <paramref name="account"/> are empty unless the model was resolved (never
    /// the caller's text, which would make a series per typo).
    /// </summary>
    public void Refused(ApiCall? call, string operation, string model, string account, int status, string? errorCode, double seconds)
    {
        if (!_requests.Enabled && !_duration.Enabled) return;
        var tags = new TagList
        {
            { Route, operation },
            { Model, model },
            { Account, account },
        };
        AddCaller(ref tags, call);
        tags.Add(Status, StatusText.Of(status));
        if (errorCode is not null) tags.Add(ErrorType, errorCode);
        _requests.Add(1, tags);
        _duration.Record(seconds, tags);
    }

    /// <summary>A virtual model's attempt on <paramref name="target"/> failed and the same target is tried again.</summary>
    public void Retried(string model, string target)
    {
        if (_retries.Enabled) _retries.Add(1, new KeyValuePair<string, object?>(Model, model), new KeyValuePair<string, object?>(Target, target));
    }

    /// <summary>A virtual model's attempt on <paramref name="target"/> failed and another target is tried.</summary>
    public void FellBack(string model, string target)
    {
        if (_fallbacks.Enabled) _fallbacks.Add(1, new KeyValuePair<string, object?>(Model, model), new KeyValuePair<string, object?>(Target, target));
    }

    /// <summary>
    /// The hook for rate limits and budgets: call it once per refused request, with the kind (<c>rate_limit</c> or
    /// <c>budget</c>) and the rule's id.
    /// </summary>
    public void LimitRefused(string kind, string rule)
    {
        if (_limitRefusals.Enabled) _limitRefusals.Add(1, new KeyValuePair<string, object?>(LimitKind, kind), new KeyValuePair<string, object?>(LimitRule, rule));
    }

    public void StreamOpened()
    {
        if (_openStreams.Enabled) _openStreams.Add(1);
    }

    public void StreamClosed()
    {
        if (_openStreams.Enabled) _openStreams.Add(-1);
    }

    public void UsageBatchWritten(TimeSpan elapsed) => _usageBatch.Record(elapsed.TotalSeconds);

    public void SnapshotRebuilt(TimeSpan elapsed) => _snapshotRebuild.Record(elapsed.TotalSeconds);

    private void AddTokens(TagList tags, string type, int count)
    {
        if (count <= 0) return;
        tags.Add(TokenType, type);
        _tokens.Add(count, tags);
    }

    private void AddCaller(ref TagList tags, ApiCall? call)
    {
        if (_options.UserLabels)
        {
            tags.Add(User, call?.Principal.DisplayName ?? "");
            tags.Add(Team, call?.Principal.Teams ?? "");
        }

        if (_metadataKeys.Length == 0) return;
        using var metadata = call?.Metadata is null ? null : JsonDocument.Parse(call.Metadata);
        for (var i = 0; i < _metadataKeys.Length; i++)
        {
            var key = _options.MetadataLabels[i];
            var value = metadata is not null && metadata.RootElement.ValueKind == JsonValueKind.Object
                && metadata.RootElement.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : "";
            tags.Add(_metadataKeys[i], value);
        }
    }

    private static IEnumerable<Measurement<long>> Each(Func<GatewayMetrics, long> read)
    {
        foreach (var m in Volatile.Read(ref _live)) yield return new Measurement<long>(read(m));
    }

    private static IEnumerable<Measurement<long>> CoolingDown()
    {
        foreach (var m in Volatile.Read(ref _live))
        {
            foreach (var route in m._snapshots.Current.Models.Values)
            {
                if (route.Router is not { } router) continue;
                foreach (var target in router.Targets)
                {
                    yield return new Measurement<long>(target.Health.IsHealthy() ? 0 : 1,
                        new KeyValuePair<string, object?>(Model, route.FullName), new KeyValuePair<string, object?>(Target, target.Route.FullName));
                }
            }
        }
    }
}
