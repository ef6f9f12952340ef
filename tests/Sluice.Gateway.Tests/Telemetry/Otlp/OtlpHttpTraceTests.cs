namespace Sluice.Gateway.Tests.Telemetry.Otlp;

/// <summary>The OTLP trace tests over OTLP/HTTP with binary protobuf.</summary>
public sealed class OtlpHttpTraceTests(OtlpHttpFixture fx) : OtlpTraceTests(fx), IClassFixture<OtlpHttpFixture>;
