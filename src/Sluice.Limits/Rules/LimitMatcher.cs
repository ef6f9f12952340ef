using System.Collections.Frozen;
using Sluice.Limits.Checking;

namespace Sluice.Limits.Rules;

/// <summary>
/// A compiled <c>when</c>: subjects, models and metadata are ANDed; an <c>in</c> set matches when any element is
/// present, a <c>not_in</c> set when none is; a null set does not filter. Sets are frozen once per snapshot.
/// </summary>
public sealed class LimitMatcher
{
    public static readonly LimitMatcher All = new();

    public FrozenSet<string>? SubjectsIn { get; init; }

    public FrozenSet<string>? SubjectsNotIn { get; init; }

    /// <summary>A subject the caller must hold besides the others (a team budget's team).</summary>
    public string? RequiredSubject { get; init; }

    public FrozenSet<string>? AccountsIn { get; init; }

    public FrozenSet<string>? AccountsNotIn { get; init; }

    public FrozenSet<string>? ModelsIn { get; init; }

    public FrozenSet<string>? ModelsNotIn { get; init; }

    public IReadOnlyList<MetadataMatch> Metadata { get; init; } = [];

    public bool Matches(in LimitRequest request)
    {
        if (ModelsIn is not null && !ModelsIn.Contains(request.Model)) return false;
        if (ModelsNotIn is not null && ModelsNotIn.Contains(request.Model)) return false;
        if (AccountsIn is not null && !AccountsIn.Contains(request.Account)) return false;
        if (AccountsNotIn is not null && AccountsNotIn.Contains(request.Account)) return false;
        if (RequiredSubject is not null && !request.Subjects.Contains(RequiredSubject)) return false;
        if (SubjectsIn is not null && !AnyOf(SubjectsIn, request.Subjects)) return false;
        if (SubjectsNotIn is not null && AnyOf(SubjectsNotIn, request.Subjects)) return false;
        for (var i = 0; i < Metadata.Count; i++)
        {
            var m = Metadata[i];
            string? value = null;
            var present = request.Metadata is not null && request.Metadata.TryGetValue(m.Key, out value);
            if (m.In is not null && (!present || !m.In.Contains(value!))) return false;
            if (m.NotIn is not null && present && m.NotIn.Contains(value!)) return false;
        }

        return true;
    }

    /// <summary>The subject filters alone: whether the rule can apply to a caller holding <paramref name="subjects"/>, on some model.</summary>
    public bool MatchesSubjects(FrozenSet<string> subjects)
    {
        if (RequiredSubject is not null && !subjects.Contains(RequiredSubject)) return false;
        if (SubjectsIn is not null && !AnyOf(SubjectsIn, subjects)) return false;
        return SubjectsNotIn is null || !AnyOf(SubjectsNotIn, subjects);
    }

    private static bool AnyOf(FrozenSet<string> wanted, FrozenSet<string> held)
    {
        // The caller holds few subjects: walk them, not the rule's list.
        foreach (var s in held.Items)
        {
            if (wanted.Contains(s)) return true;
        }

        return false;
    }
}
