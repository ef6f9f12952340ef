using System.Text.Json.Nodes;

namespace Sluice.OpenAI.Emulator;

/// <summary>One request as the emulator received it, for tests to assert what went on the wire.</summary>
public sealed record ReceivedRequest(string Method, string Path, IReadOnlyDictionary<string, string> Headers, string Body)
{
    /// <summary>The body parsed as a JSON object (null when it is not one).</summary>
    public JsonObject? Json => Body.Length > 0 && JsonNode.Parse(Body) is JsonObject o ? o : null;
}
