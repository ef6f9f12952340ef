using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Sluice.Core.Errors;
using Sluice.Gateway.Manifests;

namespace Sluice.Gateway.Admin;

/// <summary>Personal access tokens: create (token shown once), list without secrets, revoke.</summary>
internal static class TokenEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapPost("/personal-access-tokens", async (HttpContext http, TokenService tokens, ConfigurationStore store) =>
        {
            var principal = AdminAuthorization.PrincipalOf(http);
            if (!AdminAuthorization.CanManageTokens(principal))
            {
                return await AdminJson.ErrorAsync(http, AdminAuthorization.AdminRequired);
            }

            var (node, error) = await BodyReader.ReadJsonAsync(http);
            if (node is not JsonObject body)
            {
                return await AdminJson.ErrorAsync(http, GatewayError.InvalidRequest(error ?? "the body must be a JSON object", code: "invalid_body"));
            }

            var problems = new List<ValidationProblem>();
            var name = body["name"] is JsonValue n && n.TryGetValue<string>(out var s) && s.Length is > 0 and <= 128 ? s : null;
            if (name is null)
            {
                problems.Add(new ValidationProblem("name", "name is required (1-128 characters)"));
            }

            var user = body["user"] is JsonValue u && u.TryGetValue<string>(out var us) ? us : principal.DisplayName;
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

            if (problems.Count > 0)
            {
                return await AdminJson.ProblemsAsync(http, problems);
            }

            // A token for a user that does not exist yet creates the user, as TrueFoundry's invite flow would.
            await store.ApplyAsync([new UserDocument(user)], principal.Id, dryRun: false, http.RequestAborted);
            var (id, token) = await tokens.CreateAsync("user:" + user, name!, expiresAt, purpose: null, http.RequestAborted);
            await store.AuditAsync(principal.Id, "create-token", "token:" + id, $"{{\"id\":\"{id}\",\"owner\":\"user:{JsonEncodedText.Encode(user)}\"}}", http.RequestAborted);
            return await AdminJson.WriteAsync(http, 201, w =>
            {
                w.WriteStartObject();
                w.WriteString("id", id);
                w.WriteString("token", token);
                w.WriteString("name", name);
                w.WriteString("owner", "user:" + user);
                if (expiresAt is { } x) w.WriteString("expires_at", x); else w.WriteNull("expires_at");
                w.WriteEndObject();
            });
        });

        api.MapGet("/tokens", async (HttpContext http, TokenService tokens) =>
        {
            var principal = AdminAuthorization.PrincipalOf(http);
            if (!AdminAuthorization.CanManageTokens(principal))
            {
                return await AdminJson.ErrorAsync(http, AdminAuthorization.AdminRequired);
            }

            var keys = await tokens.ListAsync(principal.IsTenantAdmin ? null : principal.Id, http.RequestAborted);
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

        api.MapDelete("/tokens/{id}", async (HttpContext http, string id, TokenService tokens, ConfigurationStore store) =>
        {
            var principal = AdminAuthorization.PrincipalOf(http);
            if (!AdminAuthorization.CanManageTokens(principal))
            {
                return await AdminJson.ErrorAsync(http, AdminAuthorization.AdminRequired);
            }

            var key = await tokens.RevokeAsync(id, http.RequestAborted);
            if (key is null)
            {
                return await AdminJson.NotFoundAsync(http, $"No token with id \"{id}\".");
            }

            await store.AuditAsync(principal.Id, "revoke-token", "token:" + id, null, http.RequestAborted);
            return Results.NoContent();
        });
    }
}
