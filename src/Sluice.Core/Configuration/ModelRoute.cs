using System.Collections.Frozen;
using Sluice.Core.Pricing;
using Sluice.Core.Providers;

namespace Sluice.Core.Configuration;

/// <summary>
/// One callable model (<c>account/model</c>) in the snapshot, with everything the request path needs:
/// the provider to call, its price, and the subjects allowed to call it.
/// </summary>
/// <param name="Price">The catalogue's public prices by scope; null when none is known.</param>
public sealed record ModelRoute(
    string Account,
    string Name,
    ModelType Types,
    string UpstreamModelId,
    IModelProvider Provider,
    ModelPricing? Price,
    FrozenSet<string> AllowedSubjects)
{
    /// <summary>The name callers use: <c>account/model</c>.</summary>
    public string FullName { get; } = Account + "/" + Name;

    /// <summary>
    /// The model's <c>drop_params</c>: request parameters it cannot honour are dropped (and reported) instead of
    /// refused with a 400.
    /// </summary>
    public bool DropParams { get; init; }

    /// <summary>The account's own cost for this model; when set it replaces <see cref="Price"/>.</summary>
    public PrivateCost? PrivateCost { get; init; }

    /// <summary>
    /// For a virtual model (<c>group/name</c>): the router, which is also <see cref="Provider"/>; null for a real model.
    /// Callers that pass per-request routing options (timeouts, metadata) call it directly.
    /// </summary>
    public Routing.VirtualModelProvider? Router { get; init; }

    // Built on first use and kept with the snapshot's route (a record copy made with `with` would share it: none is made).
    private Routing.VirtualModelProvider? _direct;

    /// <summary>
    /// The router that serves a call with routing options of its own (timeouts, retries): <see cref="Router"/> for a
    /// virtual model; for a real model, a router over that model alone (no retries or fallback unless the request asks).
    /// </summary>
    public Routing.VirtualModelProvider RouterForCall => Router ?? (_direct ??= Routing.VirtualModelProvider.Direct(this));

    /// <summary>Which targets take the caller's OpenAI chat body as is; <see cref="ChatPassthroughTargets.None"/> for Bedrock.</summary>
    public ChatPassthroughTargets ChatPassthrough { get; init; }

    /// <summary>When the model was added to Sluice; <see cref="DateTimeOffset.MinValue"/> when unknown.</summary>
    public DateTimeOffset CreatedAt { get; init; }
}
