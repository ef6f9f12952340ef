using System.Diagnostics;
using System.Diagnostics.Metrics;
using Sluice.Core.Chat;
using Sluice.Core.Errors;
using static Sluice.Gateway.Telemetry.TelemetryNames;

namespace Sluice.Gateway.Telemetry;

/// <summary>
/// The OpenTelemetry GenAI client side of every upstream attempt: the <c>gen_ai.client.*</c> histograms and one CLIENT
/// span named <c>{operation} {model}</c>. <see cref="Active"/> is false when neither has a listener, and the
/// decorated provider then calls straight through.
/// </summary>
public sealed class GenAiInstruments
{
    private static readonly long[] TokenBuckets = [1, 4, 16, 64, 256, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304, 16777216, 67108864];

    /// <summary>The gateway's one activity source: CLIENT spans for upstream attempts.</summary>
    public static readonly ActivitySource ActivitySource = new(Source);

    private static readonly Histogram<double> _duration = GatewayMetrics.Meter.CreateHistogram(OperationDuration, "s",
        "GenAI operation duration (one upstream attempt).", advice: GatewayMetrics.Seconds);
    private static readonly Histogram<long> _tokens = GatewayMetrics.Meter.CreateHistogram(TokenUsage, "{token}",
        "Tokens used by one upstream attempt, by gen_ai.token.type.", advice: new InstrumentAdvice<long> { HistogramBucketBoundaries = TokenBuckets });
    private static readonly Histogram<double> _firstChunk = GatewayMetrics.Meter.CreateHistogram(TimeToFirstChunk, "s",
        "Streams: time to the first chunk of one upstream attempt.", advice: GatewayMetrics.Seconds);
    private static readonly Histogram<double> _perChunk = GatewayMetrics.Meter.CreateHistogram(TimePerOutputChunk, "s",
        "Streams: time between consecutive chunks after the first.", advice: GatewayMetrics.Seconds);

    public GenAiInstruments(TelemetryOptions options) => CaptureContent = options.CaptureMessageContent;

    /// <summary>True when a metric or a span of an upstream attempt would be recorded.</summary>
    public bool Active => _duration.Enabled || ActivitySource.HasListeners();

    public bool CaptureContent { get; }

    internal bool ChunksEnabled => _firstChunk.Enabled || _perChunk.Enabled;

    /// <summary>Starts the CLIENT span of an attempt; null when nobody samples it.</summary>
    internal static Activity? StartAttempt(string operation, UpstreamTarget target, ChatRequest? chat)
    {
        if (!ActivitySource.HasListeners()) return null;
        var activity = ActivitySource.StartActivity(operation + " " + target.RequestModel, ActivityKind.Client);
        if (activity is null || !activity.IsAllDataRequested) return activity;
        activity.SetTag(OperationName, operation);
        activity.SetTag(ProviderName, target.ProviderName);
        activity.SetTag(RequestModel, target.RequestModel);
        activity.SetTag(ServerAddress, target.ServerAddress);
        if (target.ServerPort > 0) activity.SetTag(ServerPort, target.ServerPort);
        if (chat is not null)
        {
            if (chat.MaxTokens is { } max) activity.SetTag(RequestMaxTokens, max);
            if (chat.Temperature is { } temperature) activity.SetTag(RequestTemperature, (double)temperature);
            if (chat.TopP is { } topP) activity.SetTag(RequestTopP, (double)topP);
            if (chat.Stream) activity.SetTag(RequestStream, true);
        }

        return activity;
    }

    /// <summary>An attempt that answered: duration and token metrics, and the span's response attributes.</summary>
    internal void Succeeded(Activity? activity, string operation, UpstreamTarget target, string? responseModel, Usage? usage, FinishReason? finish,
        double seconds, double? firstChunkSeconds)
    {
        if (_duration.Enabled || _tokens.Enabled)
        {
            var tags = Tags(operation, target, responseModel);
            _duration.Record(seconds, tags);
            if (usage is not null && _tokens.Enabled)
            {
                tags.Add(TokenType, Input);
                _tokens.Record(usage.PromptTokens, tags);
                tags[tags.Count - 1] = new KeyValuePair<string, object?>(TokenType, Output);
                if (operation != Embeddings) _tokens.Record(usage.CompletionTokens, tags);
            }
        }

        if (activity is null || !activity.IsAllDataRequested) return;
        if (responseModel is not null) activity.SetTag(ResponseModel, responseModel);
        if (usage is not null)
        {
            activity.SetTag(InputTokens, usage.PromptTokens);
            if (operation != Embeddings) activity.SetTag(OutputTokens, usage.CompletionTokens);
            if (usage.CachedTokens > 0) activity.SetTag(CacheReadTokens, usage.CachedTokens);
            if (usage.CacheWriteTokens > 0) activity.SetTag(CacheCreationTokens, usage.CacheWriteTokens);
        }

        if (finish is { } reason) activity.SetTag(FinishReasons, new[] { FinishReasonText(reason) });
        if (firstChunkSeconds is { } ttfc) activity.SetTag(ResponseTimeToFirstChunk, ttfc);
    }

    /// <summary>An attempt that failed: the duration with <c>error.type</c>, and an error status on the span.</summary>
    internal void Failed(Activity? activity, string operation, UpstreamTarget target, Exception error, double seconds)
    {
        var type = ErrorTypeOf(error);
        if (_duration.Enabled)
        {
            var tags = Tags(operation, target, null);
            tags.Add(ErrorType, type);
            _duration.Record(seconds, tags);
        }

        if (activity is null) return;
        activity.SetTag(ErrorType, type);
        activity.SetStatus(ActivityStatusCode.Error, error is GatewayException g ? g.Error.Message : error.GetType().Name);
    }

    internal void FirstChunk(string operation, UpstreamTarget target, double seconds)
    {
        if (_firstChunk.Enabled) _firstChunk.Record(seconds, Tags(operation, target, null));
    }

    internal void NextChunk(string operation, UpstreamTarget target, double seconds)
    {
        if (_perChunk.Enabled) _perChunk.Record(seconds, Tags(operation, target, null));
    }

    internal static string ErrorTypeOf(Exception e) => e switch
    {
        GatewayException g => g.Error.Code ?? g.Error.Type,
        OperationCanceledException => "cancelled",
        _ => e.GetType().FullName ?? OtherError,
    };

    internal static string FinishReasonText(FinishReason reason) => reason switch
    {
        FinishReason.Stop => "stop",
        FinishReason.Length => "length",
        FinishReason.ToolCalls => "tool_calls",
        FinishReason.ContentFilter => "content_filter",
        _ => "stop",
    };

    private static TagList Tags(string operation, UpstreamTarget target, string? responseModel)
    {
        var tags = new TagList
        {
            { OperationName, operation },
            { ProviderName, target.ProviderName },
            { RequestModel, target.RequestModel },
            { ServerAddress, target.ServerAddress },
        };
        if (target.ServerPort > 0) tags.Add(ServerPort, target.ServerPortText);
        if (responseModel is not null) tags.Add(ResponseModel, responseModel);
        return tags;
    }
}
