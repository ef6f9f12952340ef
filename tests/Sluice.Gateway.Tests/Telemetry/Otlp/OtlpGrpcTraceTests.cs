namespace Sluice.Gateway.Tests.Telemetry.Otlp;

/// <summary>The OTLP trace tests over OTLP/gRPC.</summary>
public sealed class OtlpGrpcTraceTests(OtlpGrpcFixture fx) : OtlpTraceTests(fx), IClassFixture<OtlpGrpcFixture>;
