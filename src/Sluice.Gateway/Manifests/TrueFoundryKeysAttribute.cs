namespace Sluice.Gateway.Manifests;

/// <summary>
/// Keys TrueFoundry documents for this part of a manifest that Sluice does not use: accepted and ignored, so a
/// manifest written for TrueFoundry applies unchanged. Any other key Sluice does not know is refused.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class TrueFoundryKeysAttribute(params string[] keys) : Attribute
{
    public IReadOnlyList<string> Keys { get; } = keys;
}
