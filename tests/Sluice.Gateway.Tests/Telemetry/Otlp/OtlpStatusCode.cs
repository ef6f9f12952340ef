namespace Sluice.Gateway.Tests.Telemetry.Otlp;

/// <summary><c>opentelemetry.proto.trace.v1.Status.StatusCode</c>.</summary>
public enum OtlpStatusCode
{
    Unset = 0,
    Ok = 1,
    Error = 2,
}
