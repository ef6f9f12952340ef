namespace Sluice.Gateway.ImageFetching;

/// <summary>Limits for fetching http(s) image URLs named in chat messages.</summary>
public sealed class ImageFetchOptions
{
    /// <summary>Largest image accepted, in bytes.</summary>
    public long MaxBytes { get; set; } = 10 * 1024 * 1024;

    /// <summary>Time allowed for one fetch, redirects included.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Redirects followed per fetch; each target is checked again.</summary>
    public int MaxRedirects { get; set; } = 3;

    /// <summary>Lets tests serve images from a loopback server. Never set in production: it opens SSRF to the host itself.</summary>
    public bool AllowLoopback { get; set; }
}
