namespace Sluice.Core.Access;

/// <summary>A virtual account (a service identity for an application) and the permissions its tokens carry.</summary>
public sealed record VirtualAccountInput(string Name, IReadOnlyList<PermissionInput> Permissions);
