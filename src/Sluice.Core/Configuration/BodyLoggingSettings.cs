namespace Sluice.Core.Configuration;

/// <summary>
/// The tenant's <c>logging_settings</c> (<c>gateway-global-settings</c>) as the request path reads them. Without
/// them bodies are logged only for requests that ask.
/// </summary>
/// <param name="ByDefault">Under <see cref="BodyLoggingMode.HeaderControlled"/>, for requests that say nothing (<c>log_body_by_default</c>).</param>
public sealed record BodyLoggingSettings(BodyLoggingMode Mode, bool ByDefault)
{
    public static readonly BodyLoggingSettings Default = new(BodyLoggingMode.HeaderControlled, false);
}
