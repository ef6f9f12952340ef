namespace Sluice.Gateway.Manifests;

/// <summary>One document of a manifest; the concrete kinds are accounts, users, teams and virtual accounts.</summary>
public abstract record ManifestDocument(string Name)
{
    /// <summary>The manifest <c>type</c> of this document.</summary>
    public abstract string Type { get; }
}
