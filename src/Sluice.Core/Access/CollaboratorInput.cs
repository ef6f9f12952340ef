namespace Sluice.Core.Access;

/// <summary>A provider-account collaborator: a subject string (<c>user:</c>, <c>team:</c>, <c>virtualaccount:</c>) and a role id.</summary>
public sealed record CollaboratorInput(string Subject, string RoleId);
