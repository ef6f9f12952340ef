using System.Collections.Frozen;

namespace Sluice.Core.Access;

/// <summary>Precomputed subjects allowed to call one model; <see cref="Narrowed"/> says authorized_subjects applied.</summary>
internal sealed record ModelRules(string Account, string Name, string FullName, bool Narrowed, FrozenSet<string> AllowedSubjects);
