using System.Text.RegularExpressions;

namespace Sluice.Gateway.Manifests;

/// <summary>
/// The rules an alias name and target follow, and the check that no name means two models, shared by account
/// models' <c>aliases</c> and the <c>gateway-model-aliases</c> document.
/// </summary>
public static partial class ModelAliasRules
{
    public const int MaxLength = 200;

    // No '/' (account/model names are callable already, and an alias must not look like one) and no ',' (stored
    // comma-separated); '*' is the only wildcard.
    [GeneratedRegex(@"^[A-Za-z0-9*][A-Za-z0-9._:@*\-]*$")]
    private static partial Regex AliasName();

    /// <summary>Adds a problem at <paramref name="path"/> when <paramref name="alias"/> is not a valid alias.</summary>
    public static void CheckName(string alias, string path, List<ValidationProblem> problems)
    {
        if (alias.Length == 0)
        {
            problems.Add(new ValidationProblem(path, "an alias must not be empty"));
        }
        else if (alias.Length > MaxLength || !AliasName().IsMatch(alias))
        {
            problems.Add(new ValidationProblem(path, $"\"{Sluice.Core.Errors.CallerText.Quote(alias, 80)}\" is not a valid alias: up to {MaxLength} letters, digits, '.', '-', '_', ':', '@', and '*' as a wildcard (no '/': account/model names are callable as they are)"));
        }
        else if (alias.Trim('*').Length == 0)
        {
            problems.Add(new ValidationProblem(path, "an alias of only '*' would catch every unknown model name; name at least part of it"));
        }
    }

    /// <summary>
    /// Records that <paramref name="alias"/> names <paramref name="target"/>; adds a problem when it already names
    /// another model. <paramref name="owners"/> maps each alias to its target and where it was declared.
    /// </summary>
    public static void Claim(Dictionary<string, (string Target, string Where)> owners, string alias, string target, string where, string path, List<ValidationProblem> problems)
    {
        if (owners.TryGetValue(alias, out var existing))
        {
            if (existing.Target != target)
            {
                problems.Add(new ValidationProblem(path, $"alias \"{alias}\" names both \"{existing.Target}\" ({existing.Where}) and \"{target}\" ({where}); an alias may name one model only"));
            }

            return;
        }

        owners[alias] = (target, where);
    }
}
