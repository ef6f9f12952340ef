namespace Sluice.Core.Access;

/// <summary>A team and its member emails. Members that are unknown or deactivated gain nothing from it.</summary>
public sealed record TeamInput(string Name, IReadOnlyList<string> Members);
