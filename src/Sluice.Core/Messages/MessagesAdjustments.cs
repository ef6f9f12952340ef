namespace Sluice.Core.Messages;

/// <summary>
/// What a provider removed from a Messages request because its upstream would refuse it, so the gateway can say so
/// in response headers (<c>x-sluice-dropped-betas</c>, <c>x-sluice-dropped-params</c>).
/// </summary>
/// <param name="DroppedBetas">Beta values the model does not accept upstream.</param>
/// <param name="DroppedFields">Body fields removed (e.g. <c>context_management</c> with its beta, the Claude Code billing system block).</param>
public sealed record MessagesAdjustments(IReadOnlyList<string> DroppedBetas, IReadOnlyList<string> DroppedFields)
{
    public static readonly MessagesAdjustments None = new([], []);
}
