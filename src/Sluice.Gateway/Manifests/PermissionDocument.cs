namespace Sluice.Gateway.Manifests;

/// <summary>A role on a resource (<c>account</c> or <c>account/model</c>).</summary>
public sealed record PermissionDocument(string ResourceFqn, string ResourceType, string RoleId);
