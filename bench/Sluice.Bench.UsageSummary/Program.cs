using System.Diagnostics;
using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Sluice.Bench.UsageSummary;
using Sluice.Gateway.Manifests;
using Sluice.Gateway.UsageRecording;
using Sluice.Gateway.UsageReports;
using Sluice.Storage;

// dotnet run -c Release --project bench/Sluice.Bench.UsageSummary -- [--records N] [--keep PATH] [--database NPGSQL]
// Seeds N usage records (default 1,000,000) into a temporary SQLite file (or the PostgreSQL database given by
// --database, which must be empty or hold a previous run's records) through the usage writer's own inserter (so the
// hourly rollups are built as in production), then times the summary and list queries the admin API runs.
var records = 1_000_000;
string? keep = null;
string? database = null;
for (var i = 0; i < args.Length - 1; i++)
{
    if (args[i] == "--records") records = int.Parse(args[i + 1], CultureInfo.InvariantCulture);
    if (args[i] == "--keep") keep = args[i + 1];
    if (args[i] == "--database") database = args[i + 1];
}

var path = keep ?? Path.Combine(Path.GetTempPath(), "sluice-usage-bench-" + Guid.NewGuid().ToString("N") + ".db");
var options = (DbContextOptions<SluiceDbContext>)StorageServiceCollectionExtensions.Configure(
    new DbContextOptionsBuilder<SluiceDbContext>(), database ?? "Data Source=" + path).Options;
Console.WriteLine("Store: " + (database is null ? "SQLite " + path : StoreProvider.Describe(database)));
try
{
    await using (var db = new SluiceDbContext(options))
    {
        await db.Database.MigrateAsync();
        var existing = await db.UsageRecords.CountAsync();
        if (existing == 0)
        {
            var seeding = Stopwatch.StartNew();
            var inserter = UsageRecordInserter.Create(db);
            foreach (var batch in Workload.Batches(records, 500))
            {
                await inserter.InsertAsync(db, batch, CancellationToken.None);
            }

            Console.WriteLine($"Seeded {records:N0} records in {seeding.Elapsed.TotalSeconds:F1} s ({records / seeding.Elapsed.TotalSeconds:N0} records/s, batches of 500, rollups included)");
        }
        else
        {
            Console.WriteLine($"Reusing {existing:N0} records in {path}");
        }

        var hourly = await db.UsageRollups.CountAsync(u => u.PeriodMs == UsageRollupKey.HourMs);
        var daily = await db.UsageRollups.CountAsync(u => u.PeriodMs == UsageRollupKey.DayMs);
        Console.WriteLine($"Rollup rows: {hourly:N0} hourly, {daily:N0} daily" + (database is null ? $"; file: {new FileInfo(path).Length / 1_000_000.0:F0} MB" : ""));
    }

    Console.WriteLine();
    Console.WriteLine("| Query | Groups | Median ms | Max ms |");
    Console.WriteLine("|---|---:|---:|---:|");
    string[] summaries =
    [
        "",
        "group_by=model",
        "group_by=day",
        "group_by=hour&from=2026-11-10T09:30:00Z&to=2026-11-17T17:45:00Z",
        "group_by=hour",
        "group_by=model&from=2026-11-03T07:13:00Z&to=2026-11-28T16:41:00Z",
        "group_by=user",
        "group_by=team",
        "group_by=virtual_account",
        "group_by=metadata.project",
        "group_by=model,day&team=team-3",
        "group_by=account,metadata.env&status=error",
        "group_by=model&metadata.project=project-2&from=2026-11-05T00:00:00Z",
        "group_by=day&user=user:user-7@example.com",
    ];
    foreach (var query in summaries)
    {
        await TimeAsync("summary " + (query.Length == 0 ? "(no group)" : query), async () =>
        {
            await using var db = new SluiceDbContext(options);
            var problems = new List<(int? Document, ValidationProblem Problem)>();
            var parsed = new QueryCollection(QueryHelpers.ParseQuery(query));
            var filter = UsageFilter.Parse(parsed, ["group_by"], problems);
            var groupBy = UsageSummary.ParseGroupBy(parsed["group_by"].ToString(), problems);
            if (problems.Count > 0) throw new InvalidOperationException(problems[0].Problem.Message);
            return (await UsageSummary.ComputeAsync(db, filter, groupBy!, null, CancellationToken.None)).Count;
        });
    }

    string[] lists = ["limit=100", "limit=1000&model=acct-1/model-2", "limit=100&metadata.project=project-4", "limit=100&status=error&team=team-1"];
    foreach (var query in lists)
    {
        await TimeAsync("list " + query, async () =>
        {
            await using var db = new SluiceDbContext(options);
            var problems = new List<(int? Document, ValidationProblem Problem)>();
            var parsed = new QueryCollection(QueryHelpers.ParseQuery(query));
            var filter = UsageFilter.Parse(parsed, ["limit"], problems);
            var limit = int.Parse(parsed["limit"].ToString(), CultureInfo.InvariantCulture);
            return (await filter.Apply(db.UsageRecords.AsNoTracking(), filter.FromMs, filter.ToMs).OrderByDescending(u => u.Id).Take(limit).ToListAsync()).Count;
        });
    }
}
finally
{
    SqliteConnection.ClearAllPools();
    if (keep is null && database is null) File.Delete(path);
}

static async Task TimeAsync(string name, Func<Task<int>> run)
{
    var groups = await run(); // warm-up: JIT, EF's query cache, SQLite's page cache
    var times = new List<double>();
    for (var i = 0; i < 5; i++)
    {
        var watch = Stopwatch.StartNew();
        await run();
        times.Add(watch.Elapsed.TotalMilliseconds);
    }

    times.Sort();
    Console.WriteLine($"| `{name}` | {groups:N0} | {times[2]:F0} | {times[^1]:F0} |");
}
