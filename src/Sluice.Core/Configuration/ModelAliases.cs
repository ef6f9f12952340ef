using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;

namespace Sluice.Core.Configuration;

/// <summary>
/// The model aliases of a snapshot as a precomputed lookup: exact names in a dictionary, patterns tried in order,
/// most specific (most literal characters) first. Precedence: an exact name beats every pattern; between the same
/// name (or pattern) declared gateway-wide and on an account model, the gateway-wide one wins; between patterns
/// of equal specificity, gateway-wide ones come first, then declaration order.
/// </summary>
public sealed class ModelAliases
{
    public static readonly ModelAliases Empty = new(FrozenDictionary<string, string>.Empty, []);

    private readonly FrozenDictionary<string, string> _exact;
    private readonly ModelAlias[] _patterns;

    private ModelAliases(FrozenDictionary<string, string> exact, ModelAlias[] patterns)
    {
        _exact = exact;
        _patterns = patterns;
    }

    /// <summary>How many names and patterns are defined.</summary>
    public int Count => _exact.Count + _patterns.Length;

    /// <summary>Builds the lookup; a name declared twice keeps its first (gateway-wide, then declaration order) target.</summary>
    public static ModelAliases Build(IEnumerable<ModelAlias> gatewayWide, IEnumerable<ModelAlias> perAccount)
    {
        var exact = new Dictionary<string, string>(StringComparer.Ordinal);
        var patterns = new List<(ModelAlias Alias, int Literals, int Order)>();
        var seenPatterns = new HashSet<string>(StringComparer.Ordinal);
        var order = 0;
        foreach (var alias in gatewayWide.Concat(perAccount))
        {
            if (!alias.IsPattern)
            {
                exact.TryAdd(alias.Name, alias.Target);
            }
            else if (seenPatterns.Add(alias.Name))
            {
                patterns.Add((alias, alias.Name.Length - alias.Name.Count(c => c == '*'), order));
            }

            order++;
        }

        patterns.Sort((a, b) => a.Literals != b.Literals ? b.Literals.CompareTo(a.Literals) : a.Order.CompareTo(b.Order));
        return new ModelAliases(exact.ToFrozenDictionary(StringComparer.Ordinal), patterns.ConvertAll(p => p.Alias).ToArray());
    }

    /// <summary>The target of <paramref name="name"/>, when an alias or pattern names it.</summary>
    public bool TryResolve(string name, [NotNullWhen(true)] out string? target)
    {
        if (_exact.TryGetValue(name, out target)) return true;
        foreach (var pattern in _patterns)
        {
            if (Matches(pattern.Name, name))
            {
                target = pattern.Target;
                return true;
            }
        }

        target = null;
        return false;
    }

    /// <summary>Glob match where <c>*</c> matches any run of characters (none included), ordinal.</summary>
    public static bool Matches(ReadOnlySpan<char> pattern, ReadOnlySpan<char> name)
    {
        int p = 0, n = 0, star = -1, resume = 0;
        while (n < name.Length)
        {
            if (p < pattern.Length && pattern[p] == '*')
            {
                star = p++;
                resume = n;
            }
            else if (p < pattern.Length && pattern[p] == name[n])
            {
                p++;
                n++;
            }
            else if (star >= 0)
            {
                // Let the last star swallow one more character and retry from there.
                p = star + 1;
                n = ++resume;
            }
            else
            {
                return false;
            }
        }

        while (p < pattern.Length && pattern[p] == '*') p++;
        return p == pattern.Length;
    }
}
