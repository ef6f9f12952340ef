namespace Sluice.Gateway.Manifests;

/// <summary>A <c>user</c> document; the name is the email.</summary>
public sealed record UserDocument(string Name) : ManifestDocument(Name)
{
    public override string Type => ManifestTypes.User;
}
