using System.Reflection;
using BenchmarkDotNet.Running;
using Sluice.Benchmarks;

// dotnet run -c Release --project bench/Sluice.Benchmarks -- [--check-budgets [path]] | [BenchmarkDotNet switcher args]
// --check-budgets runs every benchmark once with the short job and exits 1 when one allocates more than its budget.
var config = BenchConfig.Create();
if (args.Length > 0 && args[0] == "--check-budgets")
{
    var budgetPath = args.Length > 1 ? args[1] : Path.Combine(AppContext.BaseDirectory, "allocation-budgets.json");
    var summaries = BenchmarkRunner.Run(Assembly.GetExecutingAssembly(), config);
    Console.WriteLine();
    Console.WriteLine($"Allocation budgets ({budgetPath}):");
    return AllocationBudgets.Check(summaries, budgetPath, Console.Out) ? 0 : 1;
}

BenchmarkSwitcher.FromAssembly(typeof(BenchConfig).Assembly).Run(args, config);
return 0;
