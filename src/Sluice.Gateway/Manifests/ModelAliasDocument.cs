namespace Sluice.Gateway.Manifests;

/// <summary>One entry of <c>gateway-model-aliases</c>: a model name or <c>*</c> pattern, and the model it means.</summary>
public sealed record ModelAliasDocument(string Name, string Model);
