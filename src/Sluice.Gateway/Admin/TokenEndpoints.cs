using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Sluice.Core.Access;
using Sluice.Core.Errors;
using Sluice.Gateway.Manifests;
using Sluice.Gateway.Snapshots;
using Sluice.Storage;
using Sluice.Gateway.Json;

namespace Sluice.Gateway.Admin;

/// <summary>
/// API keys (manifest.md, Tokens): personal access tokens and virtual-account tokens are created with the token
/// shown once, listed without secrets (own, or everyone's for a tenant admin) and revoked (own, or any for an admin).
/// </summary>
internal static class TokenEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapPost("/personal-access-tokens", async (HttpContext http, TokenService tokens, ConfigurationStore store, SnapshotHolder holder) =>
        {
            var principal = AdminAuthorization.PrincipalOf(http);
            var (body, name, expiresAt, problems) = await ReadTokenRequestAsync(http);
            if (body is null)
            {
                return Results.Empty;
            }

            var self = AdminAuthorization.EmailOf(principal);
            var user = body["user"] is JsonValue u && u.TryGetValue<string>(out var us) ? Subject.NormalizeEmail(us) : self;
            var action = user is null || user == self ? AdminAction.CreateTokenForSelf : AdminAction.CreateTokenForOther;
            if (!await AdminAuthorization.RequireAsync(http, holder, action))
            {
                return Results.Empty;
            }

            if (user is null || !Subject.IsValidUserName(user))
            {
                problems.Add(new ValidationProblem("user", $"\"{user}\" is not an email address"));
            }

            if (problems.Count > 0)
            {
                return await AdminJson.ProblemsAsync(http, problems);
            }

            // A token for a user that does not exist yet creates the user (an admin's shortcut, as TrueFoundry's invite flow).
            await store.ApplyAsync([new UserDocument(user!)], principal.Id, dryRun: false, http.RequestAborted);
            if (holder.Current.Access.PrincipalFor(user!) is null)
            {
                return await AdminJson.ErrorAsync(http, AdminAuthorization.BadRequest($"User \"{user}\" is deactivated; activate it before making tokens.", "user_inactive"));
            }

            return await CreateAsync(http, tokens, store, principal.Id, Subject.ForUser(user!), name!, expiresAt);
        });

        api.MapPost("/virtual-accounts/{name}/tokens", async (HttpContext http, string name, TokenService tokens, ConfigurationStore store, SnapshotHolder holder) =>
        {
            var principal = AdminAuthorization.PrincipalOf(http);
            if (!await AdminAuthorization.RequireAsync(http, holder, AdminAction.ManageVirtualAccountTokens))
            {
                return Results.Empty;
            }

            var (body, tokenName, expiresAt, problems) = await ReadTokenRequestAsync(http);
            if (body is null)
            {
                return Results.Empty;
            }

            if (problems.Count > 0)
            {
                return await AdminJson.ProblemsAsync(http, problems);
            }

            if (holder.Current.Access.PrincipalForVirtualAccount(name) is null)
            {
                return await AdminJson.NotFoundAsync(http, $"No virtual account named \"{name}\".");
            }

            return await CreateAsync(http, tokens, store, principal.Id, Subject.ForVirtualAccount(name), tokenName!, expiresAt);
        });

        api.MapGet("/tokens", async (HttpContext http, TokenService tokens, SnapshotHolder holder) =>
        {
            var principal = AdminAuthorization.PrincipalOf(http);
            var all = AdminAuthorization.Decide(http, holder, AdminAction.ListAllTokens).IsAllowed;
            var keys = await tokens.ListAsync(all ? null : principal.Id, http.RequestAborted);
            return await AdminJson.WriteAsync(http, 200, w =>
            {
                w.WriteStartObject();
                w.WriteStartArray("data");
                foreach (var k in keys)
                {
                    w.WriteStartObject();
                    w.WriteString("id", k.Id);
                    w.WriteString("name", k.Name);
                    w.WriteString("owner", k.OwnerSubject);
                    w.WriteString("created_at", k.CreatedAt);
                    if (k.ExpiresAt is { } x) w.WriteString("expires_at", x); else w.WriteNull("expires_at");
                    if (k.RevokedAt is { } r) w.WriteString("revoked_at", r); else w.WriteNull("revoked_at");
                    w.WriteEndObject();
                }

                w.WriteEndArray();
                w.WriteEndObject();
            });
        });

        api.MapDelete("/tokens/{id}", async (HttpContext http, string id, TokenService tokens, ConfigurationStore store, SnapshotHolder holder, IDbContextFactory<SluiceDbContext> dbFactory) =>
        {
            var principal = AdminAuthorization.PrincipalOf(http);
            string? owner;
            await using (var db = await dbFactory.CreateDbContextAsync(http.RequestAborted))
            {
                owner = await db.ApiKeys.AsNoTracking().Where(k => k.Id == id).Select(k => k.OwnerSubject).FirstOrDefaultAsync(http.RequestAborted);
            }

            // Someone else's or a missing token: the same denial, so non-admins cannot probe token ids.
            var action = owner == principal.Id ? AdminAction.RevokeOwnToken : AdminAction.RevokeAnyToken;
            if (!await AdminAuthorization.RequireAsync(http, holder, action))
            {
                return Results.Empty;
            }

            var key = owner is null ? null : await tokens.RevokeAsync(id, http.RequestAborted);
            if (key is null)
            {
                return await AdminJson.NotFoundAsync(http, $"No token with id \"{id}\".");
            }

            await store.AuditAsync(principal.Id, "revoke-token", "token:" + id, null, http.RequestAborted,
                before: $"{{\"id\":\"{id}\",\"name\":{GatewayJson.Quote(key.Name)},\"owner\":{GatewayJson.Quote(key.OwnerSubject)}}}");
            return Results.NoContent();
        });
    }

    private static async Task<IResult> CreateAsync(HttpContext http, TokenService tokens, ConfigurationStore store, string actor, string owner, string name, DateTimeOffset? expiresAt)
    {
        var (id, token) = await tokens.CreateAsync(owner, name, expiresAt, purpose: null, http.RequestAborted);
        var after = $"{{\"id\":\"{id}\",\"name\":{GatewayJson.Quote(name)},\"owner\":{GatewayJson.Quote(owner)}," +
                    $"\"expires_at\":{(expiresAt is { } e ? JsonSerializer.Serialize(e) : "null")}}}";
        await store.AuditAsync(actor, "create-token", "token:" + id, after, http.RequestAborted);
        return await AdminJson.WriteAsync(http, 201, w =>
        {
            w.WriteStartObject();
            w.WriteString("id", id);
            w.WriteString("token", token);
            w.WriteString("name", name);
            w.WriteString("owner", owner);
            if (expiresAt is { } x) w.WriteString("expires_at", x); else w.WriteNull("expires_at");
            w.WriteEndObject();
        });
    }

    /// <summary>Reads {name, expires_at?}; on a malformed body writes the 400 and returns a null body.</summary>
    private static async Task<(JsonObject? Body, string? Name, DateTimeOffset? ExpiresAt, List<ValidationProblem> Problems)> ReadTokenRequestAsync(HttpContext http)
    {
        var problems = new List<ValidationProblem>();
        var (node, error) = await BodyReader.ReadJsonAsync(http);
        if (node is not JsonObject body)
        {
            await AdminJson.ErrorAsync(http, GatewayError.InvalidRequest(error ?? "the body must be a JSON object", code: "invalid_body"));
            return (null, null, null, problems);
        }

        var name = body["name"] is JsonValue n && n.TryGetValue<string>(out var s) && s.Length is > 0 and <= 128 ? s : null;
        if (name is null)
        {
            problems.Add(new ValidationProblem("name", "name is required (1-128 characters)"));
        }

        DateTimeOffset? expiresAt = null;
        if (body["expires_at"] is JsonValue e)
        {
            if (e.TryGetValue<string>(out var es) && DateTimeOffset.TryParse(es, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
            {
                expiresAt = parsed;
            }
            else
            {
                problems.Add(new ValidationProblem("expires_at", "expires_at must be an ISO 8601 time, e.g. 2027-01-01T00:00:00Z"));
            }
        }

        return (body, name, expiresAt, problems);
    }
}
