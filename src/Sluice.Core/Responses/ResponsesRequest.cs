namespace Sluice.Core.Responses;

/// <summary>A <c>/v1/responses</c> call: the caller's body as received, and the model name the caller used.</summary>
public sealed record ResponsesRequest(string Model, ReadOnlyMemory<byte> Body, bool Stream);
