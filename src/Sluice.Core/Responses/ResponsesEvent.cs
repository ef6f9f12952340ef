namespace Sluice.Core.Responses;

/// <summary>One server-sent event of a streamed response, written to the caller as is.</summary>
public readonly record struct ResponsesEvent(string? Name, ReadOnlyMemory<byte> Data);
