namespace Sluice.Gateway.Manifests;

/// <summary>
/// TrueFoundry's tenant-wide <c>gateway-global-settings</c> (one per tenant). Sluice uses <c>retry_settings</c> (the
/// retries of every routing target that has no <c>retry_config</c> of its own) and <c>logging_settings</c> (whether
/// bodies are logged). The other TrueFoundry settings are accepted and ignored, so the document applies unchanged.
/// </summary>
[TrueFoundryKeys("guardrail_settings", "semantic_cache_settings")]
public sealed record GlobalSettingsDocument(string Name) : ManifestDocument(Name)
{
    public override string Type => ManifestTypes.GlobalSettings;

    /// <summary>The tenant's default retry settings; null = TrueFoundry's defaults.</summary>
    public RetryConfigDocument? RetrySettings { get; init; }

    /// <summary>Whether calls' bodies are logged; null = only for requests that ask.</summary>
    public LoggingSettingsDocument? LoggingSettings { get; init; }
}
