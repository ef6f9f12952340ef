namespace Sluice.Storage.Entities;

/// <summary>A model (integration) of a provider account; its name is unique within the account.</summary>
public sealed class ModelEntity
{
    public long Id { get; set; }

    public long AccountId { get; set; }

    public ProviderAccountEntity? Account { get; set; }

    public required string Name { get; set; }

    public required string ModelId { get; set; }

    public string? Region { get; set; }

    /// <summary>Comma-separated: <c>chat</c>, <c>embedding</c>, <c>image</c>.</summary>
    public required string ModelTypes { get; set; }

    public decimal? CostInputPer1K { get; set; }

    public decimal? CostOutputPer1K { get; set; }

    public decimal? CostCacheReadPer1K { get; set; }

    public decimal? CostCacheWritePer1K { get; set; }

    public decimal? CostPerImage { get; set; }

    public decimal? CostPerRequest { get; set; }

    /// <summary>Comma-separated subjects; null when the model is open to everyone with account access.</summary>
    public string? AuthorizedSubjects { get; set; }

    /// <summary>Keeps the manifest order of an account's models.</summary>
    public int Position { get; set; }

    /// <summary>The manifest's <c>drop_params</c>: parameters the model cannot honour are dropped instead of refused.</summary>
    public bool DropParams { get; set; }

    /// <summary>The manifest's <c>prompt_caching</c> (auto, explicit, off); null when the manifest does not say.</summary>
    public string? PromptCaching { get; set; }

    /// <summary>The manifest's <c>aliases</c>, comma-separated (an alias holds no comma); null when it lists none.</summary>
    public string? Aliases { get; set; }

    /// <summary>When the model was first added to Sluice (the <c>created</c> of <c>/v1/models</c>).</summary>
    public DateTimeOffset CreatedAt { get; set; }
}
