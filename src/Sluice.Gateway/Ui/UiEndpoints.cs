using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Sluice.Gateway.Admin;

namespace Sluice.Gateway.Ui;

/// <summary>Serves the web UI at <c>/ui/</c> (embedded files), redirects <c>/</c> there, and maps the endpoints only the UI needs.</summary>
public static class UiEndpoints
{
    // The UI has no build step, so file names carry no content hash: browsers revalidate every file (cheap 304s by
    // ETag) rather than run a stale module next to a fresh one after an upgrade.
    private const string CacheControl = "no-cache";

    // Everything the UI loads comes from this origin; data: and blob: images are the playground's attachments.
    private const string ContentSecurityPolicy =
        "default-src 'self'; img-src 'self' data: blob:; style-src 'self'; script-src 'self'; connect-src 'self'; " +
        "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    public static IEndpointRouteBuilder MapSluiceUi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/", () => Results.Redirect("/ui/"));
        endpoints.MapGet("/ui/{**path}", (HttpContext http, string? path) =>
        {
            // Routing matches "/ui" here too; the page's relative URLs (app.css, js/app.js) need the slash.
            if (string.IsNullOrEmpty(path) && !http.Request.Path.Value!.EndsWith('/'))
            {
                return Task.FromResult(Results.Redirect("/ui/"));
            }

            return ServeAsync(http, string.IsNullOrEmpty(path) ? "index.html" : path);
        });
        CatalogueEndpoints.Map(endpoints);
        return endpoints;
    }

    private static async Task<IResult> ServeAsync(HttpContext http, string path)
    {
        var asset = UiAssets.Find(path);
        if (asset is null)
        {
            return Results.NotFound();
        }

        var headers = http.Response.Headers;
        headers.CacheControl = CacheControl;
        headers.ETag = asset.ETag;
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "same-origin";
        if (asset.ContentType.StartsWith("text/html", StringComparison.Ordinal))
        {
            headers.ContentSecurityPolicy = ContentSecurityPolicy;
            headers.XFrameOptions = "DENY";
        }

        if (http.Request.Headers.IfNoneMatch.ToString() is { Length: > 0 } ifNoneMatch && ifNoneMatch.Contains(asset.ETag, StringComparison.Ordinal))
        {
            http.Response.StatusCode = StatusCodes.Status304NotModified;
            return Results.Empty;
        }

        http.Response.ContentType = asset.ContentType;
        http.Response.ContentLength = asset.Content.Length;
        await http.Response.Body.WriteAsync(asset.Content, http.RequestAborted);

        return Results.Empty;
    }
}
