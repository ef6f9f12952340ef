namespace Sluice.Core.Pricing;

/// <summary>A model's public prices by the scope that serves a request (see <see cref="PriceScope"/>).</summary>
public sealed class ModelPricing(IReadOnlyList<ScopePrice> scopes)
{
    public IReadOnlyList<ScopePrice> Scopes { get; } = scopes;

    /// <summary>The prices listed under exactly <paramref name="scope"/>; null when none are.</summary>
    public ScopePrice? Find(string scope)
    {
        for (var i = 0; i < Scopes.Count; i++)
        {
            if (string.Equals(Scopes[i].Scope, scope, StringComparison.Ordinal))
            {
                return Scopes[i];
            }
        }

        return null;
    }

    /// <summary>The prices that apply to a call, trying the scope's keys most specific first; null when none is known.</summary>
    public ScopePrice? For(PriceScope scope)
    {
        for (var i = 0; i < scope.Keys.Count; i++)
        {
            if (Find(scope.Keys[i]) is { } price)
            {
                return price;
            }
        }

        return null;
    }
}
