namespace Sluice.Anthropic.Emulator;

/// <summary>One request as the emulator received it, for tests to check what went on the wire.</summary>
/// <param name="Headers">Header names in lower case; repeated headers joined with a comma.</param>
public sealed record ReceivedRequest(string Method, string Path, IReadOnlyDictionary<string, string> Headers, string Body, int Status);
