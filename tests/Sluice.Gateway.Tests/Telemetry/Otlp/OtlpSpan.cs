namespace Sluice.Gateway.Tests.Telemetry.Otlp;

/// <summary>One span as an OTLP receiver got it: ids in lowercase hex, the kind and status codes of the OTLP enums.</summary>
public sealed record OtlpSpan(
    string ServiceName,
    string Scope,
    string TraceId,
    string SpanId,
    string ParentSpanId,
    string Name,
    OtlpSpanKind Kind,
    OtlpStatusCode Status,
    IReadOnlyDictionary<string, object> Attributes)
{
    /// <summary>The attribute, or null when the span does not have it.</summary>
    public object? this[string key] => Attributes.GetValueOrDefault(key);
}
