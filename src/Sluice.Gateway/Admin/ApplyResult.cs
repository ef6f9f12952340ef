using Sluice.Gateway.Manifests;

namespace Sluice.Gateway.Admin;

/// <summary>What applying one document did: <c>created</c>, <c>updated</c>, <c>unchanged</c>, or <c>invalid</c> with its problems.</summary>
public sealed record ApplyResult(string Type, string Name, string Status, IReadOnlyList<ValidationProblem> Problems);
