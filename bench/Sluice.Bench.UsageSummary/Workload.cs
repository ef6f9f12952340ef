using Sluice.Core.Usage;

namespace Sluice.Bench.UsageSummary;

/// <summary>
/// A month of usage (November 2026) from 200 callers over 12 models, skewed the way gateway traffic is: a few callers
/// and models carry most calls, each caller sticks to a couple of models and tags its calls with its own project.
/// Deterministic (fixed seed), so runs are comparable.
/// </summary>
internal static class Workload
{
    private const int Callers = 200;
    private const int ModelCount = 12;
    private static readonly DateTimeOffset Start = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Span = TimeSpan.FromDays(30);

    public static IEnumerable<List<UsageRecord>> Batches(int count, int size)
    {
        var random = new Random(20261205);
        var callers = Enumerable.Range(0, Callers).Select(i => Caller.Make(i, random)).ToArray();
        var callerWeights = Cumulative(Callers, 1.1);
        var step = Span.Ticks / count;
        var batch = new List<UsageRecord>(size);
        for (var i = 0; i < count; i++)
        {
            var caller = callers[Pick(callerWeights, random)];
            var model = caller.Models[random.Next(100) < 80 ? 0 : random.Next(caller.Models.Length)];
            var roll = random.Next(1000);
            var status = roll < 970 ? 200 : roll < 990 ? 429 : roll < 995 ? 400 : 500;
            var ok = status == 200;
            var prompt = ok ? random.Next(50, 4000) : 0;
            var completion = ok ? random.Next(10, 800) : 0;
            var cached = ok && random.Next(4) == 0 ? prompt / 2 : 0;
            var latency = Math.Exp(5.5 + (random.NextDouble() * 2.5));
            var stream = ok && random.Next(2) == 0;
            // model-11 has no price: its cost is unknown.
            decimal? cost = model.EndsWith("model-11", StringComparison.Ordinal) ? null : ((prompt * 3m) + (completion * 15m)) / 1_000_000m;
            batch.Add(new UsageRecord("req-" + i, Start.AddTicks(step * i), caller.Id, model, "upstream", "us-east-1", stream ? "chat.stream" : "chat",
                status, prompt, completion, cached, 0, 0, cost, false, latency, ok ? null : "ThrottlingException")
            {
                Teams = caller.Teams,
                VirtualAccount = caller.VirtualAccount,
                ApiKeyId = caller.KeyId,
                Metadata = caller.Metadata,
                TimeToFirstTokenMs = stream ? latency * random.NextDouble() * 0.3 : null,
                PriceScope = cost is null ? null : "us-east-1",
            });
            if (batch.Count == size)
            {
                yield return batch;
                batch = new List<UsageRecord>(size);
            }
        }

        if (batch.Count > 0) yield return batch;
    }

    private static double[] Cumulative(int n, double s)
    {
        var weights = new double[n];
        double total = 0;
        for (var i = 0; i < n; i++) weights[i] = total += 1 / Math.Pow(i + 1, s);
        for (var i = 0; i < n; i++) weights[i] /= total;
        return weights;
    }

    private static int Pick(double[] cumulative, Random random)
    {
        var index = Array.BinarySearch(cumulative, random.NextDouble());
        return index < 0 ? Math.Min(~index, cumulative.Length - 1) : index;
    }

    private sealed record Caller(string Id, string? Teams, string? VirtualAccount, string KeyId, string? Metadata, string[] Models)
    {
        public static Caller Make(int i, Random random)
        {
            var isVirtual = i % 10 == 9;
            var models = Enumerable.Range(0, random.Next(1, 4)).Select(_ => $"acct-{random.Next(3)}/model-{random.Next(ModelCount)}").Distinct().ToArray();
            var teams = isVirtual ? null : string.Join(',', new[] { "everyone", "team-" + (i % 8), "team-" + (i % 5) }.Distinct().Order(StringComparer.Ordinal));
            var metadata = random.Next(10) < 6 ? $$"""{"env":"{{(i % 3 == 0 ? "staging" : "prod")}}","project":"project-{{i % 10}}"}""" : null;
            return new Caller(isVirtual ? "virtualaccount:va-" + i : $"user:user-{i}@example.com", teams, isVirtual ? "va-" + i : null,
                "key" + i.ToString("x4", System.Globalization.CultureInfo.InvariantCulture), metadata, models);
        }
    }
}
