namespace Sluice.Limits.Rules;

/// <summary>The kinds of <see cref="LimitDimension"/>.</summary>
public enum LimitDimensionKind
{
    User,
    VirtualAccount,
    Model,
    Metadata,
}
