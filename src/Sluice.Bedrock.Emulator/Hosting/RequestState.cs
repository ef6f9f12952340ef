using Microsoft.AspNetCore.Http;

namespace Sluice.Bedrock.Emulator;

/// <summary>Everything the pipeline learns about one request.</summary>
internal sealed class RequestState
{
    public required HttpContext Http { get; init; }

    public required string RequestId { get; init; }

    public required string RawPath { get; init; }

    public required string RawQuery { get; init; }

    public required string RawTarget { get; init; }

    public required HostInfo Host { get; init; }

    public byte[] Body { get; set; } = [];

    public string Service { get; set; } = "bedrock-runtime";

    public string? Operation { get; set; }

    public string? ModelId { get; set; }

    public string Region { get; set; } = "us-east-1";

    public string? ServedRegion { get; set; }

    public string? ResolvedModelId { get; set; }

    public Principal? Principal { get; set; }

    public string AuthKind { get; set; } = "none";

    public string? AccessKeyId { get; set; }

    public string? ErrorType { get; set; }

    public DateTimeOffset Started { get; init; }

    /// <summary>1 once the request has been recorded in the stats (it is recorded exactly once).</summary>
    public int Recorded;
}
