namespace Sluice.Gateway.OpenAi;

/// <summary>An http(s) image URL found while parsing, to be fetched into <c>Messages[Message].Content[Part]</c>.</summary>
internal readonly record struct PendingImage(int Message, int Part, string Url, string Param);
