namespace Sluice.Gateway.Manifests;

/// <summary>A subject's role on an account.</summary>
public sealed record CollaboratorDocument(string Subject, string RoleId);
