namespace Sluice.Bedrock.Emulator;

/// <summary>Simulated guardrail / content filter outcome.</summary>
public enum OutputFilter
{
    /// <summary>Normal answers.</summary>
    None,

    /// <summary>stopReason guardrail_intervened with a canned blocked message.</summary>
    GuardrailIntervened,

    /// <summary>stopReason content_filtered with a canned blocked message.</summary>
    ContentFiltered,
}
