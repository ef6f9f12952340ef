using System.Text.Json.Serialization;

namespace Sluice.Gateway.Hosting;

/// <summary>Source-generated JSON for the health endpoints.</summary>
[JsonSerializable(typeof(ReadinessReport))]
internal sealed partial class HealthJsonContext : JsonSerializerContext;
