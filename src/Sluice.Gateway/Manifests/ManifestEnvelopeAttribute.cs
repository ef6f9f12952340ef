namespace Sluice.Gateway.Manifests;

/// <summary>
/// Says that a record's keys sit one object deeper in the manifest than its property: <see cref="ModelCost"/> is
/// written as <c>cost: {per_1000_tokens: {input, output, ...}}</c>.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class ManifestEnvelopeAttribute(string key) : Attribute
{
    /// <summary>The key of the inner object that holds the record's keys.</summary>
    public string Key { get; } = key;

    /// <summary>Keys accepted (and ignored) beside <see cref="Key"/>, for manifests written for TrueFoundry.</summary>
    public string[] AlsoAccepted { get; init; } = [];
}
