using System.Text.Json;
using BenchmarkDotNet.Reports;

namespace Sluice.Benchmarks;

/// <summary>Compares allocated bytes per operation with the budgets kept in bench/allocation-budgets.json.</summary>
public static class AllocationBudgets
{
    /// <summary>Prints one line per benchmark and returns false when one is over budget or has none.</summary>
    public static bool Check(IEnumerable<Summary> summaries, string budgetPath, TextWriter output)
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(budgetPath));
        var budgets = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var p in doc.RootElement.GetProperty("bytes_per_operation").EnumerateObject())
        {
            budgets[p.Name] = p.Value.GetInt64();
        }

        var ok = true;
        var seen = 0;
        foreach (var summary in summaries)
        {
            foreach (var report in summary.Reports)
            {
                var name = $"{report.BenchmarkCase.Descriptor.Type.Name}.{report.BenchmarkCase.Descriptor.WorkloadMethod.Name}";
                var allocated = report.GcStats.GetBytesAllocatedPerOperation(report.BenchmarkCase);
                seen++;
                if (allocated is null || !report.Success)
                {
                    output.WriteLine($"FAIL  {name}: no measurement");
                    ok = false;
                }
                else if (!budgets.TryGetValue(name, out var budget))
                {
                    output.WriteLine($"FAIL  {name}: {allocated} B/op and no budget in {Path.GetFileName(budgetPath)}");
                    ok = false;
                }
                else
                {
                    var pass = allocated.Value <= budget;
                    output.WriteLine($"{(pass ? "ok  " : "FAIL")}  {name}: {allocated} B/op (budget {budget})");
                    ok &= pass;
                }
            }
        }

        if (seen == 0)
        {
            output.WriteLine("FAIL  no benchmark ran");
            ok = false;
        }

        return ok;
    }
}
