using System.Diagnostics;
using System.Diagnostics.Metrics;
using Sluice.Core.Chat;
using Sluice.Gateway.Pipeline;
using static Sluice.Gateway.Telemetry.TelemetryNames;

namespace Sluice.Gateway.Telemetry;

/// <summary>
/// TrueFoundry's <c>ai_gateway_*</c> metrics (labels <c>model_name</c>, <c>tenant_name</c>, <c>username</c>), for
/// teams whose dashboards and alerts already use them. Created only when the option asks for them.
/// </summary>
internal sealed class TrueFoundryMetrics
{
    /// <summary>Sluice has one tenant; TrueFoundry's dashboards filter on the label, so it carries a fixed value.</summary>
    public const string Tenant = "sluice";

    private readonly Counter<long> _requests;
    private readonly Counter<long> _input;
    private readonly Counter<long> _output;
    private readonly Counter<double> _cost;
    private readonly Counter<long> _failures;
    private readonly Histogram<double> _processing;
    private readonly Histogram<double> _firstToken;
    private readonly Histogram<double> _interToken;
    private readonly Counter<long> _loadBalanced;

    public TrueFoundryMetrics(Meter meter, double[] millisecondBuckets)
    {
        var ms = new InstrumentAdvice<double> { HistogramBucketBoundaries = millisecondBuckets };
        _requests = meter.CreateCounter<long>(TfyRequests);
        _input = meter.CreateCounter<long>(TfyInputTokens);
        _output = meter.CreateCounter<long>(TfyOutputTokens);
        _cost = meter.CreateCounter<double>(TfyCost);
        _failures = meter.CreateCounter<long>(TfyFailures);
        _processing = meter.CreateHistogram(TfyProcessingMs, unit: null, description: null, tags: null, advice: ms);
        _firstToken = meter.CreateHistogram(TfyFirstTokenMs, unit: null, description: null, tags: null, advice: ms);
        _interToken = meter.CreateHistogram(TfyInterTokenMs, unit: null, description: null, tags: null, advice: ms);
        _loadBalanced = meter.CreateCounter<long>(TfyLoadBalanced);
    }

    public void Request(ApiCall call, string model, int status, Usage? usage, decimal cost, double seconds, double? firstTokenSeconds, bool routed,
        bool userLabels)
    {
        var tags = new TagList { { TfyModelName, model }, { TfyTenantName, Tenant } };
        if (userLabels) tags.Add(TfyUsername, call.Principal.DisplayName);
        _requests.Add(1, tags);
        if (status >= 400) _failures.Add(1, tags);
        if (usage is not null)
        {
            _input.Add(usage.PromptTokens, tags);
            _output.Add(usage.CompletionTokens, tags);
        }

        if (cost != 0) _cost.Add((double)cost, tags);
        _processing.Record(seconds * 1000, tags);
        if (firstTokenSeconds is { } ttft)
        {
            _firstToken.Record(ttft * 1000, tags);
            if (usage is { CompletionTokens: > 1 } u) _interToken.Record((seconds - ttft) * 1000 / (u.CompletionTokens - 1), tags);
        }

        if (routed) _loadBalanced.Add(1, tags);
    }
}
