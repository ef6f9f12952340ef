using Sluice.Core.Routing;

namespace Sluice.Core.Chat;

/// <summary>
/// The caller's own OpenAI chat body, kept for providers that speak OpenAI's API natively so that every parameter
/// reaches them unchanged (<c>n</c>, <c>logprobs</c>, <c>seed</c>, ...). Set only by the OpenAI front end, and only
/// for routes with such a target; the provider replaces the model, forces stream usage and applies
/// <see cref="Overrides"/> while copying it.
/// </summary>
/// <param name="Body">The request body as received (UTF-8 JSON object).</param>
/// <param name="Overrides">The routing target's <c>override_params</c>; null when none apply.</param>
public sealed record ChatPassthrough(ReadOnlyMemory<byte> Body, RequestOverrides? Overrides = null);
