namespace Sluice.Gateway.Tests.Telemetry.Otlp;

/// <summary>Traces over OTLP/HTTP with binary protobuf (<c>OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf</c>, a Collector's port 4318).</summary>
public sealed class OtlpHttpFixture : OtlpGatewayFixture
{
    protected override string Protocol => "http/protobuf";
}
