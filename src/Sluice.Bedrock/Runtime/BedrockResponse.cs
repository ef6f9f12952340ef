namespace Sluice.Bedrock.Runtime;

/// <summary>A complete (non-streaming) Bedrock response.</summary>
public sealed class BedrockResponse
{
    internal static readonly IReadOnlyDictionary<string, string> NoHeaders = new Dictionary<string, string>();

    /// <summary>The response body as received.</summary>
    public required byte[] Body { get; init; }

    /// <summary>The region that answered.</summary>
    public required string Region { get; init; }

    /// <summary>The <c>x-amzn-RequestId</c> header.</summary>
    public string? RequestId { get; init; }

    /// <summary>The response Content-Type.</summary>
    public string? ContentType { get; init; }

    /// <summary>All response headers (case-insensitive names; repeated headers joined with ","): InvokeModel only, empty for Converse.</summary>
    public IReadOnlyDictionary<string, string> Headers { get; init; } = NoHeaders;
}
