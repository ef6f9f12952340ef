namespace Sluice.Core.Access;

/// <summary>A provider account's name, collaborators and models, as far as access control cares.</summary>
public sealed record ProviderAccountInput(string Name, IReadOnlyList<CollaboratorInput> Collaborators, IReadOnlyList<ProviderModelInput> Models);
