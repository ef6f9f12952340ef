namespace Sluice.OpenAI.Emulator;

/// <summary>One model the emulator serves and what it can be called for.</summary>
public sealed record EmulatedModel(string Id, EmulatedModelKind Kind, int Dimensions = 8)
{
    public static readonly IReadOnlyList<EmulatedModel> Defaults =
    [
        new("gpt-4o-mini", EmulatedModelKind.Chat),
        new("gpt-4o", EmulatedModelKind.Chat),
        new("gpt-4.1-nano", EmulatedModelKind.Chat),
        new("o3-mini", EmulatedModelKind.Chat),
        new("text-embedding-3-small", EmulatedModelKind.Embedding, 8),
        new("dall-e-3", EmulatedModelKind.Image),
        new("gpt-image-1", EmulatedModelKind.Image),
    ];
}

/// <summary>The kinds of <see cref="EmulatedModel"/>.</summary>
public enum EmulatedModelKind
{
    Chat,
    Embedding,
    Image,
}
