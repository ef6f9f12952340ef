namespace Sluice.Gateway.Manifests;

/// <summary>
/// TrueFoundry's tenant-wide <c>gateway-global-settings</c> (one per tenant). Sluice uses <c>retry_settings</c>: the
/// retries of every routing target that has no <c>retry_config</c> of its own. The other TrueFoundry settings are
/// accepted and ignored, so the document applies unchanged.
/// </summary>
[TrueFoundryKeys("logging_settings", "guardrail_settings", "semantic_cache_settings")]
public sealed record GlobalSettingsDocument(string Name) : ManifestDocument(Name)
{
    public override string Type => ManifestTypes.GlobalSettings;

    /// <summary>The tenant's default retry settings; null = TrueFoundry's defaults.</summary>
    public RetryConfigDocument? RetrySettings { get; init; }
}
