namespace Sluice.Bench.Load;

/// <summary>A tiny <c>--name value</c> / <c>--flag</c> parser (repeatable options keep every value).</summary>
public sealed class Options
{
    private readonly Dictionary<string, List<string>> _values = new(StringComparer.Ordinal);

    /// <summary>Parses the arguments after the command name.</summary>
    public static Options Parse(ReadOnlySpan<string> args)
    {
        var options = new Options();
        for (var i = 0; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal))
            {
                continue;
            }

            var name = args[i][2..];
            var value = i + 1 < args.Length && !args[i + 1].StartsWith("--", StringComparison.Ordinal) ? args[++i] : "";
            if (!options._values.TryGetValue(name, out var list))
            {
                list = [];
                options._values[name] = list;
            }

            list.Add(value);
        }

        return options;
    }

    /// <summary>True when the option was given.</summary>
    public bool Has(string name) => _values.ContainsKey(name);

    /// <summary>The last value of an option, or null.</summary>
    public string? Get(string name) => _values.TryGetValue(name, out var list) ? list[^1] : null;

    /// <summary>The value of a required option.</summary>
    public string Single(string name) => Get(name) ?? throw new ArgumentException($"--{name} is required");

    /// <summary>Every value of a repeatable option.</summary>
    public IReadOnlyList<string> All(string name) => _values.TryGetValue(name, out var list) ? list : [];
}
