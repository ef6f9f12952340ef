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
    public static List<JsonNode?> Parse(string text, List<ValidationProblem> problems)
    {
        var result = new List<JsonNode?>();
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

        foreach (var document in stream.Documents)
        {
            if (document.RootNode is YamlScalarNode { Value: null or "" })
            {
                continue; // a trailing '---' makes an empty document
            }

            result.Add(Convert(document.RootNode));
        }

        return result;
    }

    private static JsonNode? Convert(YamlNode node)
    {
        switch (node)
        {
            case YamlMappingNode map:
                var obj = new JsonObject();
                foreach (var (key, value) in map.Children)
                {
                    obj[key is YamlScalarNode k ? k.Value ?? "" : key.ToString()] = Convert(value);
                }

                return obj;
            case YamlSequenceNode seq:
                var array = new JsonArray();
                foreach (var item in seq.Children)
                {
                    array.Add(Convert(item));
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
