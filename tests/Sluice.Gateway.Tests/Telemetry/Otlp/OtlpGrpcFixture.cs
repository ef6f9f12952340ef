namespace Sluice.Gateway.Tests.Telemetry.Otlp;

/// <summary>Traces over OTLP/gRPC (<c>OTEL_EXPORTER_OTLP_PROTOCOL=grpc</c>, the default, a Collector's port 4317).</summary>
public sealed class OtlpGrpcFixture : OtlpGatewayFixture
{
    protected override string Protocol => "grpc";
}
