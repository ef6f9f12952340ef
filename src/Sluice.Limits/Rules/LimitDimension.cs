namespace Sluice.Limits.Rules;

/// <summary>
/// What separates buckets (<c>rate_limit_applies_per</c>, <c>budget_applies_per</c>, <c>applies_to</c>): one
/// bucket per user, virtual account, model, or value of one metadata key.
/// </summary>
public sealed record LimitDimension(LimitDimensionKind Kind, string? MetadataKey = null)
{
    public static readonly LimitDimension User = new(LimitDimensionKind.User);
    public static readonly LimitDimension VirtualAccount = new(LimitDimensionKind.VirtualAccount);
    public static readonly LimitDimension Model = new(LimitDimensionKind.Model);

    /// <summary>Parses the V1 names <c>user</c>, <c>virtualaccount</c>, <c>model</c>, <c>metadata.KEY</c>; null when unknown.</summary>
    public static LimitDimension? Parse(string text) => text switch
    {
        "user" => User,
        "virtualaccount" or "virtual-account" or "virtual_account" => VirtualAccount,
        "model" => Model,
        _ when text.StartsWith("metadata.", StringComparison.Ordinal) && text.Length > 9 => new LimitDimension(LimitDimensionKind.Metadata, text[9..]),
        _ => null,
    };

    public override string ToString() => Kind switch
    {
        LimitDimensionKind.User => "user",
        LimitDimensionKind.VirtualAccount => "virtualaccount",
        LimitDimensionKind.Model => "model",
        _ => "metadata." + MetadataKey,
    };
}
