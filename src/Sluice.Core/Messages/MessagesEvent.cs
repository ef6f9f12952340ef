namespace Sluice.Core.Messages;

/// <summary>One Anthropic stream event: its <c>type</c> and its JSON, exactly what goes after <c>data: </c> in the SSE.</summary>
public readonly record struct MessagesEvent(string Type, ReadOnlyMemory<byte> Data);
