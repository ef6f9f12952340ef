using System.Globalization;
using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Sluice.Gateway.Manifests;

/// <summary>
/// Turns a YAML stream (several documents separated by <c>---</c>) into JSON nodes, so YAML and JSON manifests
/// share one reader. Plain scalars become numbers, booleans or null as YAML 1.2's core schema says; quoted ones stay strings.
/// </summary>
public static class YamlDocuments
{
    /// <summary>How many values one document may expand to: aliases can make a few lines mean billions ("billion laughs").</summary>
    public const int MaxValues = 100_000;

    /// <summary>How deeply a document may nest (block or flow); the YAML reader and the conversion recurse per level.</summary>
    public const int MaxDepth = 64;

    public static List<JsonNode?> Parse(string text, List<ValidationProblem> problems)
    {
        var result = new List<JsonNode?>();
        if (DeepestFlowNesting(text) > MaxDepth)
        {
            problems.Add(new ValidationProblem("", $"the YAML nests brackets more than {MaxDepth} levels deep"));
            return result;
        }

        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            problems.Add(new ValidationProblem($"line {e.Start.Line}", "the YAML could not be read: " + e.Message));
            return result;
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            // YamlDotNet's scanner and node loader throw these for some malformed streams (an alias right after a
            // flow collection, a plain scalar cut short; found by the fuzz test): still the caller's YAML.
            problems.Add(new ValidationProblem("", "the YAML could not be read: " + e.Message));
            return result;
        }

        foreach (var document in stream.Documents)
        {
            if (document.RootNode is YamlScalarNode { Value: null or "" })
            {
                continue; // a trailing '---' makes an empty document
            }

            var budget = new Budget();
            try
            {
                result.Add(Convert(document.RootNode, budget, 0));
            }
            catch (InvalidDataException e)
            {
                problems.Add(new ValidationProblem($"line {document.RootNode.Start.Line}", e.Message));
                result.Clear();
                return result;
            }
        }

        return result;
    }

    // Counts brackets even inside quoted strings: an over-estimate that only a pathological manifest could trip.
    private static int DeepestFlowNesting(string text)
    {
        int depth = 0, deepest = 0;
        foreach (var ch in text)
        {
            if (ch is '[' or '{') deepest = Math.Max(deepest, ++depth);
            else if (ch is ']' or '}' && depth > 0) depth--;
        }

        return deepest;
    }

    private sealed class Budget
    {
        public int Values;
    }

    private static JsonNode? Convert(YamlNode node, Budget budget, int depth)
    {
        if (++budget.Values > MaxValues)
            throw new InvalidDataException($"the document expands to more than {MaxValues:N0} values; are YAML aliases (*name) repeating each other?");
        if (depth > MaxDepth) throw new InvalidDataException($"the document nests more than {MaxDepth} levels deep");
        switch (node)
        {
            case YamlMappingNode map:
                var obj = new JsonObject();
                foreach (var (key, value) in map.Children)
                {
                    obj[key is YamlScalarNode k ? k.Value ?? "" : key.ToString()] = Convert(value, budget, depth + 1);
                }

                return obj;
            case YamlSequenceNode seq:
                var array = new JsonArray();
                foreach (var item in seq.Children)
                {
                    array.Add(Convert(item, budget, depth + 1));
                }

                return array;
            case YamlScalarNode scalar:
                return Scalar(scalar);
            default:
                return null;
        }
    }

    private static JsonNode? Scalar(YamlScalarNode scalar)
    {
        var value = scalar.Value;
        if (scalar.Style != ScalarStyle.Plain || value is null)
        {
            return value is null ? null : JsonValue.Create(value);
        }

        switch (value)
        {
            case "" or "~" or "null" or "Null" or "NULL":
                return null;
            case "true" or "True" or "TRUE":
                return JsonValue.Create(true);
            case "false" or "False" or "FALSE":
                return JsonValue.Create(false);
        }

        if ((char.IsDigit(value[0]) || value[0] is '-' or '+' or '.') &&
            decimal.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var d))
        {
            return JsonValue.Create(d);
        }

        return JsonValue.Create(value);
    }
}
