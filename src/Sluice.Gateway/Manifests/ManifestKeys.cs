using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Sluice.Gateway.Manifests;

/// <summary>
/// Refuses keys a document does not have, at any depth, with a did-you-mean. The known keys come from the document
/// records themselves: each public property is a key, in snake_case unless <see cref="JsonPropertyNameAttribute"/>
/// names it; a property holding another manifest record (or a list of them) is a nested object checked the same way.
/// So a property added to a record is a known key at once, and a misspelled one (<c>outptu</c>) is never read as absent.
/// </summary>
public static class ManifestKeys
{
    private static readonly ConcurrentDictionary<Type, Shape> Shapes = new();

    /// <summary>Adds a problem for every key of <paramref name="obj"/> that <paramref name="recordType"/> does not know; paths start with <paramref name="prefix"/>.</summary>
    public static void Check(Type recordType, JsonObject obj, string prefix, List<ValidationProblem> problems) =>
        Check(ShapeOf(recordType), obj, prefix, problems);

    /// <summary>The keys <paramref name="recordType"/> accepts at its top level, in declaration order.</summary>
    public static IReadOnlyCollection<string> KnownKeys(Type recordType) => ShapeOf(recordType).Keys.Keys;

    /// <summary>The TrueFoundry keys <paramref name="recordType"/> accepts and ignores at its top level.</summary>
    public static IReadOnlyCollection<string> IgnoredKeys(Type recordType) => ShapeOf(recordType).Ignored;

    private static void Check(Shape shape, JsonObject obj, string prefix, List<ValidationProblem> problems)
    {
        foreach (var (key, value) in obj)
        {
            if (shape.Keys.TryGetValue(key, out var child))
            {
                if (child is not null)
                {
                    CheckNested(child, value, prefix + key, problems);
                }

                continue;
            }

            if (shape.Ignored.Contains(key))
            {
                continue;
            }

            var nearest = DidYouMean.Nearest(key, shape.Keys.Keys);
            problems.Add(new ValidationProblem(prefix + key, nearest is null
                ? $"unknown key \"{key}\"; expected one of {string.Join(", ", shape.Keys.Keys)}"
                : $"unknown key \"{key}\"; did you mean \"{nearest}\"?", nearest));
        }
    }

    private static void CheckNested(Shape shape, JsonNode? value, string path, List<ValidationProblem> problems)
    {
        // A value of the wrong kind (a string where an object belongs) is the reader's to report.
        if (value is JsonObject o)
        {
            Check(shape, o, path + ".", problems);
        }
        else if (value is JsonArray a)
        {
            for (var i = 0; i < a.Count; i++)
            {
                if (a[i] is JsonObject item)
                {
                    Check(shape, item, $"{path}[{i}].", problems);
                }
            }
        }
    }

    private static Shape ShapeOf(Type recordType) => Shapes.GetOrAdd(recordType, Build);

    private static Shape Build(Type recordType)
    {
        var keys = new Dictionary<string, Shape?>(StringComparer.Ordinal);
        foreach (var property in recordType.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetIndexParameters().Length > 0 || property.IsDefined(typeof(JsonIgnoreAttribute)))
            {
                continue;
            }

            var name = property.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name ?? JsonNamingPolicy.SnakeCaseLower.ConvertName(property.Name);
            keys[name] = NestedShape(property.PropertyType);
        }

        var ignored = recordType.GetCustomAttribute<TrueFoundryKeysAttribute>()?.Keys ?? [];
        return new Shape(keys, new HashSet<string>(ignored, StringComparer.Ordinal));
    }

    private static Shape? NestedShape(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (IsManifestRecord(type))
        {
            return Enveloped(type);
        }

        if (type != typeof(string))
        {
            foreach (var i in type.IsInterface ? [type, .. type.GetInterfaces()] : type.GetInterfaces())
            {
                if (i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>) && IsManifestRecord(i.GetGenericArguments()[0]))
                {
                    return Enveloped(i.GetGenericArguments()[0]);
                }
            }
        }

        return null;
    }

    private static Shape Enveloped(Type recordType)
    {
        var inner = ShapeOf(recordType);
        var envelope = recordType.GetCustomAttribute<ManifestEnvelopeAttribute>();
        return envelope is null
            ? inner
            : new Shape(new Dictionary<string, Shape?>(StringComparer.Ordinal) { [envelope.Key] = inner }, new HashSet<string>(envelope.AlsoAccepted, StringComparer.Ordinal));
    }

    private static bool IsManifestRecord(Type type) =>
        type.IsClass && type != typeof(string) && type.Namespace == typeof(ManifestDocument).Namespace;

    private sealed record Shape(Dictionary<string, Shape?> Keys, HashSet<string> Ignored);
}
