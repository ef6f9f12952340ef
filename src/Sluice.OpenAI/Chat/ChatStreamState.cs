namespace Sluice.OpenAI.Chat;

/// <summary>What one chat stream's translation remembers between chunks.</summary>
public sealed class ChatStreamState(string? callerModel, bool callerWantsUsage)
{
    /// <summary>For a passthrough stream: the name written into every chunk; null = translate into Core updates.</summary>
    public string? CallerModel { get; } = callerModel;

    /// <summary>The caller asked for the usage chunk (<c>stream_options.include_usage</c>); Sluice always asks upstream.</summary>
    public bool CallerWantsUsage { get; } = callerWantsUsage;

    /// <summary>A choice finished (<c>finish_reason</c> seen).</summary>
    public bool Finished { get; set; }

    /// <summary><c>data: [DONE]</c> arrived.</summary>
    public bool Done { get; set; }

    /// <summary>Tool calls already started, by OpenAI's index (bit i = index i; wider indexes are always "started").</summary>
    public ulong StartedTools { get; set; }
}
