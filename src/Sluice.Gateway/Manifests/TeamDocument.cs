namespace Sluice.Gateway.Manifests;

/// <summary>A <c>team</c> document with its members' emails.</summary>
public sealed record TeamDocument(string Name, IReadOnlyList<string> Members) : ManifestDocument(Name)
{
    public override string Type => ManifestTypes.Team;
}
