namespace Sluice.Core.Configuration;

/// <summary>Which of a route's targets take the caller's OpenAI chat body as is (<see cref="Providers.IChatPassthroughProvider"/>).</summary>
public enum ChatPassthroughTargets
{
    /// <summary>None: the body is translated; parameters the upstream cannot honour are refused or dropped.</summary>
    None,

    /// <summary>Some targets of a virtual model: the body is kept for them; the others refuse or drop as usual.</summary>
    Some,

    /// <summary>Every target: nothing is refused or dropped, the upstream judges the parameters.</summary>
    All,
}
