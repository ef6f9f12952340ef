namespace Sluice.Core.Access;

/// <summary>
/// A team, its member emails and its managers' emails. Members that are unknown or deactivated gain nothing from it;
/// managers may manage the team's budgets (they need not be members).
/// </summary>
public sealed record TeamInput(string Name, IReadOnlyList<string> Members, IReadOnlyList<string>? Managers = null);
