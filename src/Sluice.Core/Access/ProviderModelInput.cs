namespace Sluice.Core.Access;

/// <summary>
/// A model of a provider account. <see cref="AuthorizedSubjects"/>, when not null, narrows who may call this one
/// model (see <see cref="AccessModel"/> for the exact rule); null means everyone with a role on the account.
/// </summary>
public sealed record ProviderModelInput(string Name, IReadOnlyList<string>? AuthorizedSubjects = null);
