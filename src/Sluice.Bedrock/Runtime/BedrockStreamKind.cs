namespace Sluice.Bedrock.Runtime;

/// <summary>Which operation produced an event stream; decides what counts as a complete stream.</summary>
internal enum BedrockStreamKind
{
    /// <summary>ConverseStream: complete only after <c>messageStop</c>.</summary>
    Converse,

    /// <summary>InvokeModelWithResponseStream: complete at any clean frame boundary.</summary>
    InvokeModel,
}
