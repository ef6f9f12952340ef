namespace Sluice.Core.Configuration;

/// <summary>
/// Another name for a model: callers may send <paramref name="Name"/> (an exact name, or a glob pattern where
/// <c>*</c> matches any run of characters) and get <paramref name="Target"/> (<c>account/model</c> or a virtual
/// model <c>group/name</c>).
/// </summary>
public readonly record struct ModelAlias(string Name, string Target)
{
    /// <summary>True when <see cref="Name"/> holds a <c>*</c>.</summary>
    public bool IsPattern => Name.Contains('*', StringComparison.Ordinal);
}
