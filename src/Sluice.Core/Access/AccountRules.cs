using System.Collections.Frozen;

namespace Sluice.Core.Access;

/// <summary>Precomputed subjects of one provider account: who manages it and who may read it (managers included).</summary>
internal sealed record AccountRules(string Name, FrozenSet<string> Managers, FrozenSet<string> Readers);
