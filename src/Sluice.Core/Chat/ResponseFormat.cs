using System.Text.Json;

namespace Sluice.Core.Chat;

/// <summary>The shape the caller wants the answer in.</summary>
public sealed record ResponseFormat(ResponseFormatKind Kind, string? SchemaName = null, JsonElement? Schema = null, string? Description = null, bool? Strict = null);

/// <summary>The kinds of <see cref="ResponseFormat"/>.</summary>
public enum ResponseFormatKind
{
    Text,
    JsonObject,
    JsonSchema,
}
