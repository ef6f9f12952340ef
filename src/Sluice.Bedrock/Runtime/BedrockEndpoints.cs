namespace Sluice.Bedrock.Runtime;

/// <summary>
/// Endpoint overrides for one account (null = environment variable, then the AWS default). A <c>{region}</c> placeholder
/// is replaced by the call's region; since <see cref="Uri"/> cannot hold it in a host name, use the template properties
/// (or <see cref="FromTemplates"/>) for URLs like <c>http://bedrock-runtime.{region}.localhost:4000</c>.
/// </summary>
public sealed record BedrockEndpoints(Uri? Runtime = null, Uri? ControlPlane = null, Uri? Sts = null)
{
    /// <summary>The runtime endpoint as a string that may contain <c>{region}</c> anywhere; wins over <see cref="Runtime"/>.</summary>
    public string? RuntimeTemplate { get; init; }

    /// <summary>The control-plane endpoint template; wins over <see cref="ControlPlane"/>.</summary>
    public string? ControlPlaneTemplate { get; init; }

    /// <summary>The STS endpoint template; wins over <see cref="Sts"/>.</summary>
    public string? StsTemplate { get; init; }

    /// <summary>No overrides: environment variables, then AWS defaults.</summary>
    public static BedrockEndpoints Default { get; } = new();

    /// <summary>Builds endpoints from configuration strings, each possibly holding a <c>{region}</c> placeholder.</summary>
    public static BedrockEndpoints FromTemplates(string? runtime, string? controlPlane = null, string? sts = null) =>
        new() { RuntimeTemplate = Blank(runtime), ControlPlaneTemplate = Blank(controlPlane), StsTemplate = Blank(sts) };

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
