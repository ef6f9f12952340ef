namespace Sluice.Gateway.Manifests;

/// <summary>
/// <c>gateway-global-settings.logging_settings</c>: whether calls' request and response bodies are logged.
/// <c>type</c> is <c>header_controlled</c> (each request's <c>x-tfy-logging-config</c> decides, else
/// <c>log_body_by_default</c>), <c>always</c> or <c>never</c>.
/// </summary>
public sealed record LoggingSettingsDocument(string Type)
{
    public const string HeaderControlled = "header_controlled";
    public const string Always = "always";
    public const string Never = "never";

    /// <summary>Under <c>header_controlled</c>, for requests that say nothing; null = false.</summary>
    public bool? LogBodyByDefault { get; init; }
}
