namespace Sluice.Bedrock.Provider;

/// <summary>What a connection test could say: it worked, it failed, or nothing could be checked without a model call.</summary>
public enum ConnectionTestStatus
{
    Ok,
    Failed,
    NotChecked,
}
