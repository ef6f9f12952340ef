namespace Sluice.Core.Access;

/// <summary>
/// One virtual-account permission: <see cref="ResourceFqn"/> is a provider account (<c>my-bedrock</c>), giving
/// <see cref="RoleId"/> on the whole account, or one model (<c>my-bedrock/claude</c>), which only allows calling it.
/// </summary>
public sealed record PermissionInput(string ResourceFqn, string RoleId);
