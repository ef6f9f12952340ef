using System.Globalization;

namespace Sluice.Gateway.Tests.Telemetry;

/// <summary>A parsed Prometheus text exposition: one sample per line, with its labels.</summary>
public sealed class PrometheusText(List<PrometheusText.Sample> samples)
{
    /// <summary>One sample: metric name, labels, value.</summary>
    public sealed record Sample(string Name, IReadOnlyDictionary<string, string> Labels, double Value);

    public IReadOnlyList<Sample> Samples => samples;

    public static PrometheusText Parse(string text)
    {
        var result = new List<Sample>();
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (line.Length == 0 || line[0] == '#') continue;
            var labels = new Dictionary<string, string>(StringComparer.Ordinal);
            string name;
            int rest;
            var brace = line.IndexOf('{', StringComparison.Ordinal);
            var space = line.IndexOf(' ', StringComparison.Ordinal);
            if (brace >= 0 && brace < space)
            {
                name = line[..brace];
                var i = brace + 1;
                while (line[i] != '}')
                {
                    var eq = line.IndexOf('=', i);
                    var key = line[i..eq];
                    var value = new System.Text.StringBuilder();
                    var j = eq + 2; // past ="
                    while (line[j] != '"')
                    {
                        if (line[j] == '\\') j++;
                        value.Append(line[j]);
                        j++;
                    }

                    labels[key] = value.ToString();
                    i = j + 1;
                    if (line[i] == ',') i++;
                }

                rest = i + 2;
            }
            else
            {
                name = line[..space];
                rest = space + 1;
            }

            var valueText = line[rest..].Split(' ')[0];
            result.Add(new Sample(name, labels, valueText switch
            {
                "+Inf" => double.PositiveInfinity,
                "-Inf" => double.NegativeInfinity,
                _ => double.Parse(valueText, CultureInfo.InvariantCulture),
            }));
        }

        return new PrometheusText(result);
    }

    /// <summary>The samples named <paramref name="name"/> whose labels include every pair of <paramref name="labels"/>.</summary>
    public List<Sample> Find(string name, params (string Key, string Value)[] labels) =>
        samples.Where(s => s.Name == name && labels.All(l => s.Labels.TryGetValue(l.Key, out var v) && v == l.Value)).ToList();

    /// <summary>The sum of the matching samples; 0 when none match.</summary>
    public double Sum(string name, params (string Key, string Value)[] labels) => Find(name, labels).Sum(s => s.Value);
}
