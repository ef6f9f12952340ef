using System.Text.Json;
using System.Text.Json.Nodes;
using Sluice.Gateway.Manifests;

namespace Sluice.Gateway.Hosting;

/// <summary>Reads manifest text (YAML, or JSON when it starts with <c>{</c> or <c>[</c>) into documents, or lists its problems.</summary>
public static class ManifestFile
{
    public static List<ManifestDocument> Parse(string text, string source)
    {
        var problems = new List<ValidationProblem>();
        List<JsonNode?> nodes;
        var trimmed = text.TrimStart();
        if (trimmed.StartsWith('{') || trimmed.StartsWith('['))
        {
            try
            {
                var node = JsonNode.Parse(text);
                nodes = node is JsonArray a ? [.. a] : [node];
            }
            catch (JsonException e)
            {
                throw new InvalidOperationException($"{source}: not valid JSON: {e.Message}");
            }
        }
        else
        {
            nodes = YamlDocuments.Parse(text, problems);
        }

        var documents = new List<ManifestDocument>();
        var messages = new List<string>();
        foreach (var p in problems)
        {
            messages.Add($"{p.Path}: {p.Message}");
        }

        for (var i = 0; i < nodes.Count; i++)
        {
            var docProblems = new List<ValidationProblem>();
            if (ManifestReader.ReadDocument(nodes[i], docProblems) is { } doc)
            {
                documents.Add(doc);
            }

            foreach (var p in docProblems)
            {
                messages.Add($"document {i}: {p.Path}: {p.Message}");
            }
        }

        if (messages.Count > 0)
        {
            throw new InvalidOperationException($"{source} has {messages.Count} problem(s):\n  " + string.Join("\n  ", messages));
        }

        return documents;
    }
}
