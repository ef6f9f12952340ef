namespace Sluice.Core.Providers;

/// <summary>What a model can be called for.</summary>
[Flags]
public enum ModelType
{
    None = 0,
    Chat = 1,
    Embedding = 2,
    Image = 4,

    /// <summary>Listed in the catalogue (and priced per query); Sluice serves no rerank endpoint yet.</summary>
    Rerank = 8,
}
