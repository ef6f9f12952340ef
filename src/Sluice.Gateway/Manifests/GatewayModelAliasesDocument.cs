namespace Sluice.Gateway.Manifests;

/// <summary>
/// The tenant-wide <c>gateway-model-aliases</c>: model names (or <c>*</c> patterns) callers may send instead of
/// <c>account/model</c>, e.g. Anthropic's names from Claude Code. One per tenant; it wins over account aliases.
/// </summary>
public sealed record GatewayModelAliasesDocument(string Name) : ManifestDocument(Name)
{
    public override string Type => ManifestTypes.GatewayModelAliases;

    public IReadOnlyList<ModelAliasDocument> Aliases { get; init; } = [];
}
