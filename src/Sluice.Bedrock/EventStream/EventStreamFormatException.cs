namespace Sluice.Bedrock.EventStream;

/// <summary>An event-stream frame that fails its CRC, length or header checks.</summary>
public sealed class EventStreamFormatException(string message) : IOException(message);
