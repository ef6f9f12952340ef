namespace Sluice.Gateway.Ui;

/// <summary>One embedded UI file, read once at start: its bytes, content type and strong ETag.</summary>
internal sealed record UiAsset(string Path, byte[] Content, string ContentType, string ETag);
