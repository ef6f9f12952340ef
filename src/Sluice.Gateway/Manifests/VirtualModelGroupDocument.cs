namespace Sluice.Gateway.Manifests;

/// <summary>
/// A <c>provider-account/virtual-model</c> document: a group of virtual models, each called as <c>group/name</c>.
/// Its collaborators decide who may call them (the targets' accounts are not consulted).
/// </summary>
public sealed record VirtualModelGroupDocument(string Name) : ManifestDocument(Name)
{
    public override string Type => ManifestTypes.VirtualModelGroup;

    public IReadOnlyList<CollaboratorDocument>? Collaborators { get; init; }

    public IReadOnlyList<VirtualModelDocument>? Integrations { get; init; }
}
