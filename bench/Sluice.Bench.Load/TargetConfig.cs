using System.Text.Json;

namespace Sluice.Bench.Load;

/// <summary>Reads the suite file run.sh writes: the mock's base URL and the targets (the direct one has no pid).</summary>
public static class TargetConfig
{
    /// <summary>
    /// Parses <c>{"mock": "...", "mock_pid": N, "targets": [{"name","url","model","headers":{},"pid","wrk_only","upstream_tls"}]}</c>.
    /// </summary>
    public static (Uri Mock, int MockPid, List<Target> Targets) Load(string path)
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
        var root = doc.RootElement;
        var mock = new Uri(root.GetProperty("mock").GetString()!);
        var mockPid = root.TryGetProperty("mock_pid", out var mp) ? mp.GetInt32() : 0;
        var targets = new List<Target>();
        foreach (var t in root.GetProperty("targets").EnumerateArray())
        {
            var headers = new List<KeyValuePair<string, string>>();
            if (t.TryGetProperty("headers", out var h))
            {
                foreach (var p in h.EnumerateObject())
                {
                    headers.Add(new(p.Name, p.Value.GetString() ?? ""));
                }
            }

            var pid = t.TryGetProperty("pid", out var p2) ? p2.GetInt32() : 0;
            targets.Add(new Target(t.GetProperty("name").GetString()!, new Uri(t.GetProperty("url").GetString()!),
                t.GetProperty("model").GetString()!, headers, pid)
            {
                WrkOnly = Flag(t, "wrk_only"),
                UpstreamTls = Flag(t, "upstream_tls"),
            });
        }

        return (mock, mockPid, targets);
    }

    private static bool Flag(JsonElement target, string name) =>
        target.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.True;
}
