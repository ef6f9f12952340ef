using System.Collections.Frozen;
using Sluice.Core.Access;

namespace Sluice.Core.Configuration;

/// <summary>
/// The immutable configuration the request path reads: models by <c>account/model</c> and API keys by id.
/// Rebuilt and swapped atomically whenever configuration changes; never read from the database per request.
/// </summary>
public sealed class GatewaySnapshot
{
    public static readonly GatewaySnapshot Empty = new()
    {
        Version = 0,
        Models = FrozenDictionary<string, ModelRoute>.Empty,
        Keys = FrozenDictionary<string, ApiKeyEntry>.Empty,
    };

    public required long Version { get; init; }

    /// <summary>Keyed by <see cref="ModelRoute.FullName"/>, ordinal.</summary>
    public required FrozenDictionary<string, ModelRoute> Models { get; init; }

    /// <summary>Keyed by <see cref="ApiKeyEntry.Id"/>, ordinal.</summary>
    public required FrozenDictionary<string, ApiKeyEntry> Keys { get; init; }

    /// <summary>The legacy <c>gateway-load-balancing-config</c> rules, in order: the first that matches a call routes it.</summary>
    public Routing.RoutingRule[] RoutingRules { get; init; } = [];

    /// <summary>
    /// Other names for models (per-account <c>aliases</c> and the <c>gateway-model-aliases</c> document), resolved
    /// after real and virtual model names; targets are keys of <see cref="Models"/>.
    /// </summary>
    public ModelAliases Aliases { get; init; } = ModelAliases.Empty;

    /// <summary>The access rules of this configuration (principals, roles, who may call what), built once per snapshot.</summary>
    public AccessModel Access { get; init; } = AccessModel.Empty;

    /// <summary>The compiled rate limits and budgets (a <c>Sluice.Limits.Rules.LimitSet</c>); null when none are configured.</summary>
    public ILimitRules? Limits { get; init; }

    /// <summary>Whether calls' bodies are logged: the tenant's <c>logging_settings</c>, or the default (only on request).</summary>
    public BodyLoggingSettings BodyLogging { get; init; } = BodyLoggingSettings.Default;
}
