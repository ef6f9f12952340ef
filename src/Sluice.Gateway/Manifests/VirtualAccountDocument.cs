namespace Sluice.Gateway.Manifests;

/// <summary>A <c>virtual-account</c> document: a service identity and the roles it holds.</summary>
public sealed record VirtualAccountDocument(string Name, IReadOnlyList<PermissionDocument> Permissions) : ManifestDocument(Name)
{
    public override string Type => ManifestTypes.VirtualAccount;
}
