using System.Collections.Frozen;
using Sluice.Core.Access;
using Sluice.Gateway.Manifests;
using Sluice.Limits.Rules;

namespace Sluice.Gateway.Snapshots;

/// <summary>Compiles the stored rate-limit and budget documents into the snapshot's <see cref="LimitSet"/> (frozen sets, no per-call parsing).</summary>
public static class LimitSetFactory
{
    private static readonly int[] DefaultThresholds = [75, 90, 95, 100];

    public static LimitSet Build(IReadOnlyList<ManifestDocument> documents)
    {
        var rateV1 = new List<LimitRule>();
        var budgetV1 = new List<LimitRule>();
        var rateV2 = new List<LimitRule>();
        var budgetV2 = new List<LimitRule>();
        foreach (var doc in documents)
        {
            var source = $"{doc.Type} '{doc.Name}'";
            switch (doc)
            {
                case RateLimitingConfigDocument config:
                    foreach (var r in config.Rules)
                    {
                        rateV1.Add(new LimitRule
                        {
                            Name = r.Id, Kind = LimitKind.RateLimit, Source = source, When = Classic(r.When),
                            Windows = Windows(r.Unit, r.LimitTo), AppliesPer = Dimensions(r.RateLimitAppliesPer),
                        });
                    }

                    break;
                case BudgetConfigDocument config:
                    foreach (var r in config.Rules)
                    {
                        budgetV1.Add(new LimitRule
                        {
                            Name = r.Id, Kind = LimitKind.Budget, Source = source, When = Classic(r.When), Enforce = !r.AuditMode,
                            Windows = Windows(r.Unit, r.LimitTo), AppliesPer = Dimensions(r.BudgetAppliesPer),
                            Thresholds = Thresholds(r.Alerts), AlertTargets = Targets(r.Alerts),
                        });
                    }

                    break;
                case RateLimitDocument limit:
                    rateV2.Add(new LimitRule
                    {
                        Name = limit.Name, Kind = LimitKind.RateLimit, Source = source, Enforce = limit.Mode != "audit",
                        When = Filter(limit.When, null), Windows = Windows(limit.Limits), AppliesPer = AppliesTo(limit.AppliesTo),
                        Overrides = Overrides(limit.AppliesTo),
                    });
                    break;
                case BudgetDocument budget:
                    budgetV2.Add(new LimitRule
                    {
                        Name = budget.Name, Kind = LimitKind.Budget, Source = source, Enforce = budget.Mode != "audit",
                        When = Filter(budget.When, budget.IsTeamBudget ? Subject.ForTeam(budget.TeamName!) : null),
                        Windows = Windows(budget.Limits), AppliesPer = AppliesTo(budget.AppliesTo), Overrides = Overrides(budget.AppliesTo),
                        Thresholds = Thresholds(budget.Alerts), AlertTargets = Targets(budget.Alerts),
                    });
                    break;
            }
        }

        var all = rateV1.Concat(budgetV1).Concat(rateV2).Concat(budgetV2);
        return new LimitSet
        {
            RateLimitsV1 = [.. rateV1],
            BudgetsV1 = [.. budgetV1],
            RateLimitsV2 = [.. rateV2],
            BudgetsV2 = [.. budgetV2.OrderBy(b => b.Name, StringComparer.Ordinal)],
            NeedsMetadata = all.Any(r => r.When.Metadata.Count > 0 || r.AppliesPer.Any(d => d.Kind == LimitDimensionKind.Metadata)),
        };
    }

    /// <summary>The subject as the snapshot's principals hold it: emails lower-cased, <c>virtual-account:</c> spelled <c>virtualaccount:</c>.</summary>
    public static string NormalizeSubject(string subject)
    {
        if (subject.StartsWith("virtual-account:", StringComparison.Ordinal)) return Subject.VirtualAccountPrefix + subject[16..];
        return subject.StartsWith(Subject.UserPrefix, StringComparison.Ordinal) ? Subject.ForUser(subject[Subject.UserPrefix.Length..]) : subject;
    }

    private static LimitMatcher Classic(ClassicWhenDocument? when) => when is null ? LimitMatcher.All : new LimitMatcher
    {
        SubjectsIn = when.Subjects is { Count: > 0 } s ? s.Select(NormalizeSubject).ToFrozenSet(StringComparer.Ordinal) : null,
        ModelsIn = when.Models is { Count: > 0 } m ? m.ToFrozenSet(StringComparer.Ordinal) : null,
        Metadata = when.Metadata is { Count: > 0 } md
            ? md.Select(kv => new MetadataMatch(kv.Key, new[] { kv.Value }.ToFrozenSet(StringComparer.Ordinal), null)).ToArray()
            : [],
    };

    private static LimitMatcher Filter(LimitFilterDocument? when, string? requiredSubject)
    {
        var subjectsIn = new List<string>();
        var subjectsNotIn = new List<string>();
        if (when?.Subjects is { } s)
        {
            Subjects(s.Users, Subject.ForUser, subjectsIn, subjectsNotIn);
            Subjects(s.Teams, Subject.ForTeam, subjectsIn, subjectsNotIn);
            Subjects(s.VirtualAccounts, Subject.ForVirtualAccount, subjectsIn, subjectsNotIn);
        }

        return new LimitMatcher
        {
            RequiredSubject = requiredSubject,
            SubjectsIn = subjectsIn.Count > 0 ? subjectsIn.ToFrozenSet(StringComparer.Ordinal) : null,
            SubjectsNotIn = subjectsNotIn.Count > 0 ? subjectsNotIn.ToFrozenSet(StringComparer.Ordinal) : null,
            ModelsIn = Set(when?.Models?.In),
            ModelsNotIn = Set(when?.Models?.NotIn),
            AccountsIn = Set(when?.ProviderAccounts?.In),
            AccountsNotIn = Set(when?.ProviderAccounts?.NotIn),
            Metadata = when?.Metadata is { Count: > 0 } md ? md.Select(kv => new MetadataMatch(kv.Key, Set(kv.Value.In), Set(kv.Value.NotIn))).ToArray() : [],
        };
    }

    private static void Subjects(InNotInDocument? filter, Func<string, string> subject, List<string> @in, List<string> notIn)
    {
        if (filter?.In is { } i) @in.AddRange(i.Select(subject));
        if (filter?.NotIn is { } n) notIn.AddRange(n.Select(subject));
    }

    private static FrozenSet<string>? Set(IReadOnlyList<string>? values) =>
        values is { Count: > 0 } ? values.ToFrozenSet(StringComparer.Ordinal) : null;

    private static LimitWindow[] Windows(string unit, decimal amount) => LimitWindow.From(unit, amount) is { } w ? [w] : [];

    private static LimitWindow[] Windows(IReadOnlyDictionary<string, decimal> limits) =>
        limits.Select(kv => LimitWindow.From(kv.Key, kv.Value)).OfType<LimitWindow>().ToArray();

    private static LimitDimension[] Dimensions(IReadOnlyList<string>? per) =>
        per is null ? [] : per.Select(LimitDimension.Parse).OfType<LimitDimension>().ToArray();

    private static LimitDimension[] AppliesTo(AppliesToDocument? appliesTo) => appliesTo?.Type switch
    {
        "per-user" => [LimitDimension.User],
        "per-model" => [LimitDimension.Model],
        "per-virtual-account" => [LimitDimension.VirtualAccount],
        "metadata" => [new LimitDimension(LimitDimensionKind.Metadata, appliesTo.Metadata)],
        _ => [],
    };

    private static FrozenDictionary<string, LimitWindow[]>? Overrides(AppliesToDocument? appliesTo)
    {
        if (appliesTo?.Overrides is not { Count: > 0 } overrides) return null;
        var result = new Dictionary<string, LimitWindow[]>(StringComparer.Ordinal);
        foreach (var o in overrides)
        {
            var windows = Windows(o.Limits);
            foreach (var entity in LimitValidator.EntitiesOf(o, appliesTo.Type) ?? [])
            {
                result[appliesTo.Type == "per-user" ? Subject.NormalizeEmail(entity) : entity] = windows;
            }
        }

        return result.ToFrozenDictionary(StringComparer.Ordinal);
    }

    private static int[] Thresholds(BudgetAlertsDocument? alerts) => alerts is null ? []
        : alerts.Thresholds is { Count: > 0 } t ? t.Select(d => (int)d).Distinct().Order().ToArray() : DefaultThresholds;

    private static AlertTarget[] Targets(BudgetAlertsDocument? alerts) =>
        alerts?.NotificationTarget?.Select(t => new AlertTarget(t.Type, t.Url)).ToArray() ?? [];
}
