namespace Sluice.Core.Configuration;

/// <summary>TrueFoundry's <c>logging_settings.type</c>: who decides whether a call's bodies are logged.</summary>
public enum BodyLoggingMode
{
    /// <summary><c>header_controlled</c>: the request's <c>x-tfy-logging-config</c>, else the tenant's default.</summary>
    HeaderControlled,

    /// <summary><c>always</c>: every call's bodies, whatever the request says.</summary>
    Always,

    /// <summary><c>never</c>: no call's bodies, whatever the request says.</summary>
    Never,
}
